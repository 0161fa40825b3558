namespace TlsDoctor.Cli.Json;

/// <summary>One captured hello as a JSON Lines object (`capture --json`, `capture export`). Documented in docs/capture.md.</summary>
public sealed record CaptureHelloJson(
    long Id,
    string Time,
    string Client,
    string Server,
    string Transport,
    string Source,
    string? ServerName,
    IReadOnlyList<string> Alpn,
    IReadOnlyList<string> Versions,
    int CipherSuites,
    string? Ja3,
    string? Ja3String,
    string? Ja4,
    string? Ja4r,
    string? Malformed,
    string? Raw,
    CaptureVerdictJson? Verdict);
