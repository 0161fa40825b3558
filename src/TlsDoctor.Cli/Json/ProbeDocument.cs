using TlsDoctor.Scanning;

namespace TlsDoctor.Cli.Json;

/// <summary>`tlsdoctor probe --json`: the offer, and what the server chose or the failure (docs/scan.md).</summary>
public sealed record ProbeDocument(
    string Schema,
    TargetInfo Target,
    string Protocol,
    IReadOnlyList<CodeName> OfferedCiphers,
    IReadOnlyList<CodeName> OfferedGroups,
    ProbeNegotiated? Negotiated,
    ProbeFailure? Failure,
    CertificateInfo? Certificate,
    ScanStats Stats)
{
    public const string CurrentSchema = "tlsdoctor.probe/1";
}

/// <summary>What the server chose in answer to the probe.</summary>
public sealed record ProbeNegotiated(string Protocol, CodeName Cipher, CodeName? Group, bool HelloRetryRequest, string? Alpn);
