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
}
