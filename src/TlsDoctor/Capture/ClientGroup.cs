namespace TlsDoctor.Capture;

/// <summary>Every stored hello with one JA4: one client implementation (or configuration) as the report shows it.</summary>
public sealed record ClientGroup(
    string Ja4,
    string? Ja4R,
    int Count,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    IReadOnlyList<string> Versions,
    IReadOnlyList<string> ServerNames,
    IReadOnlyList<string> Alpn,
    IReadOnlyList<string> Ja3,
    IReadOnlyList<string> Clients,
    CapturedHello Example)
{
    /// <summary>The client profiles this fingerprint belongs to (<see cref="ProfileMatcher"/>); empty when none.</summary>
    public IReadOnlyList<ProfileMatch> Profiles { get; init; } = [];
}
