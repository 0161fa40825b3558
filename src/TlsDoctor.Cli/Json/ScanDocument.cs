using TlsDoctor.Negotiation;
using TlsDoctor.Scanning;

namespace TlsDoctor.Cli.Json;

/// <summary>
/// `tlsdoctor scan --json`: one document per endpoint (documented in docs/scan.md). Fields are only
/// added, never renamed; <see cref="Schema"/> changes when a field changes meaning.
/// </summary>
public sealed record ScanDocument(
    string Schema,
    TargetInfo Target,
    ProbeFailure? Failure,
    IReadOnlyList<ProtocolResult> Protocols,
    IReadOnlyList<GroupResult> Groups,
    IReadOnlyList<string> SignatureAlgorithms,
    IReadOnlyList<SignatureAlgorithmsAccepted>? SignatureAlgorithmsAccepted,
    IReadOnlyList<CertificateInfo> Certificates,
    FeatureResult Features,
    IReadOnlyList<Finding> Findings,
    string Summary,
    IReadOnlyList<string> Notes,
    IReadOnlyList<PolicyMatch> PolicyMatches,
    ScanStats Stats,
    IReadOnlyList<string>? Incomplete)
{
    public const string CurrentSchema = "tlsdoctor.scan/1";

    /// <summary>The scan result this document was written from (report --scan reads it back).</summary>
    public ScanResult ToResult() => new()
    {
        Target = Target,
        Failure = Failure,
        Protocols = Protocols ?? [],
        Groups = Groups ?? [],
        SignatureAlgorithms = SignatureAlgorithms ?? [],
        SignatureAlgorithmsAccepted = SignatureAlgorithmsAccepted,
        Certificates = Certificates ?? [],
        Features = Features ?? new FeatureResult(),
        Findings = Findings ?? [],
        Summary = Summary ?? "",
        Notes = Notes ?? [],
        Stats = Stats ?? new ScanStats(0, 0),
    };

    public static ScanDocument From(ScanResult r, IReadOnlyList<PolicyMatch> policyMatches) => new(
        CurrentSchema, r.Target, r.Failure, r.Protocols, r.Groups, r.SignatureAlgorithms, r.SignatureAlgorithmsAccepted, r.Certificates, r.Features,
        r.Findings, r.Summary, r.Notes, policyMatches, r.Stats, r.IsComplete ? null : r.Incomplete);
}
