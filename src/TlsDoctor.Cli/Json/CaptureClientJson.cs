namespace TlsDoctor.Cli.Json;

/// <summary>One client (all hellos with one JA4) in `capture report --json`.</summary>
public sealed record CaptureClientJson(
    string Ja4,
    string? Ja4r,
    int Count,
    string FirstSeen,
    string LastSeen,
    IReadOnlyList<string> Versions,
    IReadOnlyList<string> ServerNames,
    IReadOnlyList<string> Alpn,
    IReadOnlyList<string> Ja3,
    IReadOnlyList<string> Clients,
    CaptureVerdictJson? Verdict);
