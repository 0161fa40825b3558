using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Policies;

/// <summary>Criteria of <c>policies list</c>; null criteria match everything.</summary>
public sealed record PolicyFilter
{
    /// <summary>Provider, exactly as in the catalog ("aws", "cloudfront", "apigateway", "gcp", "azure", "mozilla"); case-insensitive.</summary>
    public string? Provider { get; init; }

    /// <summary>"ALB", "NLB" or "CLB"; case-insensitive.</summary>
    public string? LoadBalancer { get; init; }

    /// <summary>Keeps policies whose lowest enabled protocol is at least this version (policies with unknown protocols never match).</summary>
    public TlsVersion? MinProtocol { get; init; }

    public bool? Fips { get; init; }
    public bool? PostQuantum { get; init; }

    public bool Matches(ServerPolicy p) =>
        (Provider is null || p.Provider.Equals(Provider, StringComparison.OrdinalIgnoreCase))
        && (LoadBalancer is null || p.LoadBalancers.Contains(LoadBalancer, StringComparer.OrdinalIgnoreCase))
        && (MinProtocol is null || (p.Versions.Count > 0 && p.MinVersion >= MinProtocol.Value))
        && (Fips is null || p.IsFips == Fips)
        && (PostQuantum is null || p.IsPostQuantum == PostQuantum);
}
