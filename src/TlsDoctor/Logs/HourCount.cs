namespace TlsDoctor.Logs;

/// <summary>An hour (UTC, "2025-03-01T12:00Z") and how many TLS connections failed in it.</summary>
public sealed record HourCount(string Hour, long Count);
