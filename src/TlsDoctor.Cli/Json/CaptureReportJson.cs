namespace TlsDoctor.Cli.Json;

/// <summary>`capture report --json`: clients grouped by JA4, and malformed connections counted by kind.</summary>
public sealed record CaptureReportJson(
    string Database,
    long Total,
    IReadOnlyList<CaptureClientJson> Clients,
    IReadOnlyDictionary<string, int> Malformed);
