namespace TlsDoctor.Logs;

/// <summary>A client IP and how many of its TLS connections failed.</summary>
public sealed record ClientCount(string Client, long Count);
