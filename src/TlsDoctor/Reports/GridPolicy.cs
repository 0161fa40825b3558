using TlsDoctor.Negotiation;

namespace TlsDoctor.Reports;

/// <summary>One column of the compatibility grid: a policy and why it is there (a policy can be current and recommended at once).</summary>
public sealed record GridPolicy(ServerPolicy Policy, IReadOnlyList<GridPolicyRole> Roles)
{
    public string Name => Policy.Name;
}
