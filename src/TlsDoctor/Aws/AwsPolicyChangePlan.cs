namespace TlsDoctor.Aws;

/// <summary>
/// The writes that put <see cref="NewPolicy"/> on a listener, and the same change as AWS CLI commands, CloudFormation
/// and Terraform. For a Classic Load Balancer, <see cref="ClassicPolicyName"/> is the load-balancer policy created
/// (type SSLNegotiationPolicyType, Reference-Security-Policy) and <see cref="ClassicPolicyNames"/> the listener's new
/// policy list (its other policies kept, the old SSL negotiation policy replaced).
/// </summary>
public sealed record AwsPolicyChangePlan(
    AwsTlsListener Listener,
    string NewPolicy,
    string? ClassicPolicyName,
    IReadOnlyList<string> ClassicPolicyNames,
    IReadOnlyList<string> Actions,
    IReadOnlyList<string> CliCommands,
    string CloudFormation,
    string Terraform)
{
    /// <summary>Classic only: the CreateLoadBalancerPolicy attributes, in order (Reference-Security-Policy, or a custom policy's explicit ones).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ClassicAttributes { get; init; } = [];
}
