namespace TlsDoctor.Negotiation;

/// <summary>Recommend: the most secure policy of a load-balancer type whose outcome is "agreed" for every client.</summary>
public static class PolicyRecommender
{
    /// <summary>The load-balancer types recommend knows how to apply a policy to.</summary>
    public static IReadOnlyList<string> LoadBalancerTypes { get; } = ["ALB", "NLB", "CLB"];

    public static IReadOnlyList<ServerPolicy> PoliciesFor(IEnumerable<ServerPolicy> catalog, string provider, string loadBalancer) =>
        catalog.Where(p => string.Equals(p.Provider, provider, StringComparison.OrdinalIgnoreCase)
                           && p.LoadBalancers.Contains(loadBalancer, StringComparer.OrdinalIgnoreCase))
               .DistinctBy(p => p.Name)
               .Order(PolicySecurity.Instance)
               .ToList();

    public static Recommendation Recommend(IReadOnlyList<ClientOffer> clients, IEnumerable<ServerPolicy> catalog, string loadBalancer,
        IReadOnlyCollection<CertificateKind> certificates, string provider = "aws")
    {
        if (clients.Count == 0) throw new ArgumentException("at least one client is needed", nameof(clients));
        var candidates = PoliciesFor(catalog, provider, loadBalancer).Where(p => SecurityProfile.Of(p).IsKnown).ToList();
        var breaks = new List<PolicyBreak>();
        foreach (var policy in candidates)
        {
            var verdicts = clients.Select(c => new ClientVerdict(c.Name, policy.Name, Simulator.Negotiate(c, policy, certificates))).ToList();
            var refused = verdicts.Where(v => !v.Outcome.IsAgreed).ToList();
            if (refused.Count > 0)
            {
                breaks.Add(new PolicyBreak(policy, refused));
                continue;
            }
            var accepting = candidates.Count(p => clients.All(c => Simulator.Negotiate(c, p, certificates).IsAgreed));
            return new Recommendation(loadBalancer, policy, Why(policy, loadBalancer, candidates.Count, accepting, clients.Count), breaks, Commands(policy, loadBalancer), verdicts, candidates.Count);
        }
        return new Recommendation(loadBalancer, null,
            [$"none of the {candidates.Count} {loadBalancer} policies with known contents accepts all {clients.Count} clients"],
            breaks, [], [], candidates.Count);
    }

    private static IReadOnlyList<string> Why(ServerPolicy chosen, string loadBalancer, int known, int accepting, int clientCount)
    {
        var p = SecurityProfile.Of(chosen);
        var why = new List<string>
        {
            $"the most secure of the {accepting} {loadBalancer} policies (of {known} with known contents) that accept {(clientCount == 1 ? "the client" : $"all {clientCount} clients")}",
            $"minimum protocol {Simulator.Display(p.MinVersion!.Value)}, maximum {Simulator.Display(p.MaxVersion!.Value)}",
            p.ForwardSecrecyOnly ? "forward secrecy only (every suite uses ephemeral (EC)DHE or is TLS 1.3)" : "allows suites without forward secrecy (RSA key transport)",
            p.AeadOnly ? "AEAD ciphers only (GCM / ChaCha20-Poly1305)" : "allows CBC suites with a separate MAC",
            $"{p.SuiteCount} suites, weakest rated {p.WorstRating.ToString().ToLowerInvariant()}",
        };
        if (p.IsPostQuantum) why.Add("post-quantum hybrid key exchange");
        if (p.IsFips) why.Add("FIPS policy");
        return why;
    }

    /// <summary>
    /// The AWS CLI commands that apply the policy: elbv2 modify-listener for ALB/NLB; for a Classic Load Balancer a
    /// policy of type SSLNegotiationPolicyType referencing the predefined policy, then attached to the listener
    /// (AWS CLI reference, elbv2 modify-listener; elb create-load-balancer-policy, set-load-balancer-policies-of-listener).
    /// </summary>
    public static IReadOnlyList<string> Commands(ServerPolicy policy, string loadBalancer)
    {
        if (string.Equals(loadBalancer, "CLB", StringComparison.OrdinalIgnoreCase))
        {
            var local = "tlsdoctor-" + policy.Name;
            return
            [
                $"aws elb create-load-balancer-policy --load-balancer-name LOAD_BALANCER_NAME --policy-name {local} --policy-type-name SSLNegotiationPolicyType --policy-attributes AttributeName=Reference-Security-Policy,AttributeValue={policy.Name}",
                $"aws elb set-load-balancer-policies-of-listener --load-balancer-name LOAD_BALANCER_NAME --load-balancer-port 443 --policy-names {local}",
            ];
        }
        return [$"aws elbv2 modify-listener --listener-arn LISTENER_ARN --ssl-policy {policy.Name}"];
    }
}
