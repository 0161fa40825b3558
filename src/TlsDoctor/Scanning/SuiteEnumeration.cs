namespace TlsDoctor.Scanning;

/// <summary>
/// The outcome of offer-and-remove for one protocol and one offer shape: suites in the order the
/// server chose them, the answers that revealed them, and how the enumeration ended.
/// </summary>
public sealed record SuiteEnumeration(
    IReadOnlyList<ushort> Suites,
    IReadOnlyList<ServerAnswer> Answers,
    ProbeFailure? FirstFailure,
    bool VersionRefused,
    bool WasSplit,
    IReadOnlyList<string> Notes)
{
    public bool IsSupported => Suites.Count > 0;

    /// <summary>
    /// What stopped the enumeration before the server refused (null when it ended with a refusal): an answer lost to a
    /// deadline, a server that stopped answering (a reset or close where it had answered the same suite before), or a
    /// protocol violation. The suites found so far are then a part of the list, not all of it.
    /// </summary>
    public ProbeFailure? Cut { get; init; }
}
