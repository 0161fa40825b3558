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
    CaptureVerdictJson? Verdict)
{
    /// <summary>The client profiles the fingerprint belongs to: {id, name, by: "JA4" | "JA3" | "cipher suites"}.</summary>
    public IReadOnlyList<TlsDoctor.Capture.ProfileMatch> Profiles { get; init; } = [];
}
