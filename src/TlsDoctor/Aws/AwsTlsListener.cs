using TlsDoctor.Negotiation;

namespace TlsDoctor.Aws;

/// <summary>
/// One listener of any load-balancer type with its security policy resolved: <see cref="Policy"/> is the contents
/// (from the catalog, from DescribeSSLPolicies for a policy the catalog lacks, or from a Classic Load Balancer's
/// own policy); <see cref="PolicyKnown"/> says the policy name is in the catalog. Non-TLS listeners have no policy.
/// </summary>
public sealed record AwsTlsListener(
    string LoadBalancer,
    string Type,
    string? DnsName,
    string? LoadBalancerArn,
    string? ListenerArn,
    int Port,
    string Protocol,
    string? PolicyName,
    bool PolicyKnown,
    ServerPolicy? Policy,
    AwsClassicPolicy? ClassicPolicy,
    IReadOnlyList<string> Certificates)
{
    /// <summary>Classic only: every policy enabled on the listener (SetLoadBalancerPoliciesOfListener replaces them all).</summary>
    public IReadOnlyList<string> ListenerPolicyNames { get; init; } = [];

    public bool IsTls => Protocol is "HTTPS" or "TLS" or "SSL";

    public bool IsClassic => Type == "classic";

    /// <summary>The catalog's load-balancer key for this type: ALB, NLB or CLB.</summary>
    public string CatalogType => Type switch { "network" => "NLB", "classic" => "CLB", _ => "ALB" };

    /// <summary>The listener named as set-policy accepts it: its ARN, or NAME:PORT.</summary>
    public string Id => ListenerArn ?? $"{LoadBalancer}:{Port}";
}
