using TlsDoctor.Registry;

namespace TlsDoctor.Negotiation;

/// <summary>
/// What a server accepts: the other side every question meets. Comes from the catalog
/// (AWS ALB/NLB/CLB, CloudFront, Mozilla, …), a Classic Load Balancer custom policy file, or a scan result.
/// </summary>
public sealed record ServerPolicy
{
    /// <summary>The policy name exactly as the provider spells it (e.g. "ELBSecurityPolicy-TLS13-1-2-2021-06").</summary>
    public required string Name { get; init; }

    /// <summary>"aws", "cloudfront", "apigateway", "gcp", "azure", "mozilla", "custom", "scan", … .</summary>
    public required string Provider { get; init; }

    /// <summary>Load-balancer types that offer the policy ("ALB", "NLB", "CLB"); empty where not applicable.</summary>
    public IReadOnlyList<string> LoadBalancers { get; init; } = [];

    /// <summary>Enabled protocol versions.</summary>
    public required IReadOnlyList<TlsVersion> Versions { get; init; }

    /// <summary>Every suite in server preference order, TLS 1.3 suites included (they are chosen separately).</summary>
    public required IReadOnlyList<ushort> CipherSuites { get; init; }

    /// <summary>Supported groups in server preference order; null when the source does not state them.</summary>
    public IReadOnlyList<ushort>? Groups { get; init; }

    /// <summary>Signature schemes the server will sign with; null when unknown (any that fits the certificate).</summary>
    public IReadOnlyList<ushort>? SignatureAlgorithms { get; init; }

    /// <summary>True when the server's suite order wins over the client's (AWS ELB: always).</summary>
    public bool ServerOrder { get; init; } = true;

    public bool IsFips { get; init; }
    public bool IsPostQuantum { get; init; }

    // ---- Catalog metadata (set by TlsDoctor.Policies; defaults describe a policy built from a scan or flags) ----

    private readonly string? _id;

    /// <summary>
    /// Unique key in the catalog: the name, or "name@scope" where one name means several policies
    /// (the CLB variant of ELBSecurityPolicy-2015-05, API Gateway's TLS_1_2 per endpoint type).
    /// </summary>
    public string Id { get => _id ?? Name; init => _id = value; }

    /// <summary>Where a name is reused with different content: "clb", "regional", "edge", "http"; null otherwise.</summary>
    public string? Scope { get; init; }

    /// <summary>The catalog's grouping ("TLS13", "TLS", "FS", "FIPS", "PQ", "FIPS-PQ", "RFC9151-strict", …); not a provider field.</summary>
    public string? Category { get; init; }

    /// <summary>Which default this policy is (console, API, …) as the provider documents it; null when it is no default.</summary>
    public string? DefaultNote { get; init; }

    public bool IsDefault => DefaultNote is not null;

    /// <summary>How well the facts are sourced: High = provider docs plus an independent source agree.</summary>
    public PolicyConfidence Confidence { get; init; } = PolicyConfidence.High;

    /// <summary>
    /// The facts the sources do not give. A flagged list is empty (or partial, for groups): consumers must say
    /// "unknown" rather than treat the policy as offering nothing.
    /// </summary>
    public PolicyUnknowns Unknown { get; init; }

    public bool HasUnknowns => Unknown != PolicyUnknowns.None;

    /// <summary>Groups seen in an implementation of the policy (s2n-tls), not in provider docs; null when none.</summary>
    public IReadOnlyList<ushort>? ImplementationGroups { get; init; }

    /// <summary>Other catalog names with identical content (explicit alias entries).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Set on an alias entry: the name of the policy whose content it shares.</summary>
    public string? AliasOf { get; init; }

    /// <summary>Post-quantum policies: the same-named policy without "-PQ" (a naming hint, not a verified equivalence).</summary>
    public string? ClassicalCounterpart { get; init; }

    public string? Notes { get; init; }

    /// <summary>Where the facts come from (URLs, or the path of a user-supplied policy file).</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    public TlsVersion MinVersion => Versions.Min();
    public TlsVersion MaxVersion => Versions.Max();
}
