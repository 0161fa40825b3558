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

    public TlsVersion MinVersion => Versions.Min();
    public TlsVersion MaxVersion => Versions.Max();
}
