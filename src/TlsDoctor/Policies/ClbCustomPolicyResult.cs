using TlsDoctor.Negotiation;

namespace TlsDoctor.Policies;

/// <summary>
/// The minimal Classic Load Balancer custom policy for some clients: <see cref="Policy"/> is <see cref="Reference"/>
/// (the strictest predefined CLB policy) plus <see cref="Added"/>; <see cref="Attributes"/> are the explicit
/// CreateLoadBalancerPolicy attributes, <see cref="Spec"/> the same for `aws set-policy --custom`, and
/// <see cref="Refused"/> the clients no CLB custom policy admits.
/// </summary>
public sealed record ClbCustomPolicyResult(
    ServerPolicy Policy,
    string Reference,
    IReadOnlyList<string> Added,
    IReadOnlyList<KeyValuePair<string, string>> Attributes,
    IReadOnlyList<string> Refused,
    IReadOnlyList<string> Commands,
    string Spec)
{
    public bool AdmitsAll => Refused.Count == 0;
}
