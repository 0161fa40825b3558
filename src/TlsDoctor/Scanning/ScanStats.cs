namespace TlsDoctor.Scanning;

/// <summary>The cost of a scan: TCP connections opened (each carries one handshake) and wall time.</summary>
public sealed record ScanStats(int Handshakes, long DurationMs);
