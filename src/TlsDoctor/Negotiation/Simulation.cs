namespace TlsDoctor.Negotiation;

/// <summary>
/// The answer of <c>simulate</c>: the outcome of one client against one policy, and the policies of the same
/// provider and load-balancer type that would accept the client, most secure first.
/// </summary>
public sealed record Simulation(
    ClientOffer Client,
    ServerPolicy Policy,
    IReadOnlyCollection<CertificateKind> Certificates,
    NegotiationOutcome Outcome,
    IReadOnlyList<ServerPolicy> AcceptingPolicies)
{
    public static Simulation Run(ClientOffer client, ServerPolicy policy, IReadOnlyCollection<CertificateKind> certificates, IEnumerable<ServerPolicy> catalog)
    {
        var outcome = Simulator.Negotiate(client, policy, certificates);
        var accepting = catalog
            .Where(p => string.Equals(p.Provider, policy.Provider, StringComparison.OrdinalIgnoreCase)
                        && (policy.LoadBalancers.Count == 0 || p.LoadBalancers.Any(lb => policy.LoadBalancers.Contains(lb, StringComparer.OrdinalIgnoreCase))))
            .DistinctBy(p => p.Name)
            .Where(p => Simulator.Negotiate(client, p, certificates).IsAgreed)
            .Order(PolicySecurity.Instance)
            .ToList();
        return new Simulation(client, policy, certificates, outcome, accepting);
    }
}
