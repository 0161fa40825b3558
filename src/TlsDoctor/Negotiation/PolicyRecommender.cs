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

    /// <summary>
    /// The most secure <paramref name="loadBalancer"/> policy that agrees with every client, and, given the
    /// <paramref name="current"/> policy, the accepting policy that changes it least. Neither drops TLS 1.3 without saying so:
    /// a recommendation without it, where the current policy or another accepting policy has it, says which.
    /// </summary>
    public static Recommendation Recommend(IReadOnlyList<ClientOffer> clients, IEnumerable<ServerPolicy> catalog, string loadBalancer,
        IReadOnlyCollection<CertificateKind> certificates, string provider = "aws", ServerPolicy? current = null)
    {
        if (clients.Count == 0) throw new ArgumentException("at least one client is needed", nameof(clients));
        var candidates = PoliciesFor(catalog, provider, loadBalancer).Where(p => SecurityProfile.Of(p).IsKnown).ToList();
        var verdicts = candidates.Select(p => (Policy: p, Verdicts: clients.Select(c => new ClientVerdict(c.Name, p.Name, Simulator.Negotiate(c, p, certificates))).ToList())).ToList();
        var accepting = verdicts.Where(v => v.Verdicts.All(x => x.Outcome.IsAgreed)).ToList();
        var chosenIndex = verdicts.FindIndex(v => v.Verdicts.All(x => x.Outcome.IsAgreed));
        var breaks = verdicts.Take(chosenIndex < 0 ? verdicts.Count : chosenIndex)
            .Select(v => new PolicyBreak(v.Policy, v.Verdicts.Where(x => !x.Outcome.IsAgreed).ToList())).ToList();
        var leastChange = current is null ? null : LeastChangeFrom(current, accepting.Select(v => v.Policy).ToList(), loadBalancer, clients, certificates);
        if (chosenIndex < 0)
            return new Recommendation(loadBalancer, null,
                [$"none of the {candidates.Count} {loadBalancer} policies with known contents accepts all {clients.Count} clients"],
                breaks, [], [], candidates.Count) { Current = current, LeastChange = leastChange };

        var (chosen, chosenVerdicts) = verdicts[chosenIndex];
        var why = Why(chosen, loadBalancer, candidates.Count, accepting.Count, clients.Count).ToList();
        why.AddRange(Tls13Notes(chosen, current, accepting.Select(v => v.Policy)));
        return new Recommendation(loadBalancer, chosen, why, breaks, Commands(chosen, loadBalancer), chosenVerdicts, candidates.Count)
            { Current = current, LeastChange = leastChange };
    }

    /// <summary>
    /// Of the policies that accept every client, the one closest to <paramref name="current"/>: fewest protocol versions
    /// added or removed, then fewest suites, then fewest groups, then the most secure. The current policy itself when it
    /// already accepts every client.
    /// </summary>
    private static LeastChange? LeastChangeFrom(ServerPolicy current, IReadOnlyList<ServerPolicy> accepting, string loadBalancer,
        IReadOnlyList<ClientOffer> clients, IReadOnlyCollection<CertificateKind> certificates)
    {
        if (clients.All(c => Simulator.Negotiate(c, current, certificates).IsAgreed))
            return new LeastChange(current, ["none: the current policy already accepts every client"], []);
        var best = accepting
            .OrderBy(p => SymmetricDifference(current.Versions, p.Versions))
            .ThenBy(p => SymmetricDifference(current.CipherSuites, p.CipherSuites))
            .ThenBy(p => SymmetricDifference(current.Groups ?? [], p.Groups ?? []))
            .ThenBy(p => p, PolicySecurity.Instance)
            .FirstOrDefault();
        if (best is null) return null;
        var changes = Changes(current, best).ToList();
        changes.AddRange(Tls13Notes(best, current, accepting));
        return new LeastChange(best, changes, Commands(best, loadBalancer));
    }

    private static int SymmetricDifference<T>(IEnumerable<T> a, IEnumerable<T> b) => a.ToHashSet().Except(b).Count() + b.ToHashSet().Except(a).Count();

    /// <summary>What moving from <paramref name="from"/> to <paramref name="to"/> adds and removes, protocols first.</summary>
    public static IEnumerable<string> Changes(ServerPolicy from, ServerPolicy to)
    {
        static string Names(IEnumerable<ushort> suites)
        {
            var names = suites.Select(s => Registry.CipherSuites.Find(s)?.Name ?? Registry.Codepoint.Format(s)).ToList();
            return names.Count <= 3 ? string.Join(", ", names) : string.Join(", ", names.Take(3)) + $" and {names.Count - 3} more";
        }
        var addedVersions = to.Versions.Except(from.Versions).Order().ToList();
        var removedVersions = from.Versions.Except(to.Versions).Order().ToList();
        if (addedVersions.Count > 0) yield return "adds " + string.Join(", ", addedVersions.Select(Simulator.Display));
        if (removedVersions.Count > 0) yield return "removes " + string.Join(", ", removedVersions.Select(Simulator.Display));
        var addedSuites = to.CipherSuites.Except(from.CipherSuites).ToList();
        var removedSuites = from.CipherSuites.Except(to.CipherSuites).ToList();
        if (addedSuites.Count > 0) yield return $"adds {addedSuites.Count} suite{(addedSuites.Count == 1 ? "" : "s")}: {Names(addedSuites)}";
        if (removedSuites.Count > 0) yield return $"removes {removedSuites.Count} suite{(removedSuites.Count == 1 ? "" : "s")}: {Names(removedSuites)}";
        if (addedVersions.Count + removedVersions.Count + addedSuites.Count + removedSuites.Count == 0) yield return "same protocols and suites";
    }

    /// <summary>
    /// Said whenever <paramref name="chosen"/> has no TLS 1.3 while the current policy or another accepting policy has it, so
    /// that a recommendation never downgrades modern clients in silence.
    /// </summary>
    private static IEnumerable<string> Tls13Notes(ServerPolicy chosen, ServerPolicy? current, IEnumerable<ServerPolicy> accepting)
    {
        if (HasTls13(chosen)) yield break;
        if (current is not null && HasTls13(current))
            yield return $"no TLS 1.3: {chosen.Name} takes TLS 1.3 away from every client that uses it with {current.Name}";
        var alternative = accepting.Where(HasTls13).Order(PolicySecurity.Instance).FirstOrDefault();
        yield return alternative is null
            ? "no TLS 1.3: no policy that accepts these clients supports it, so modern clients negotiate TLS 1.2 at most"
            : $"no TLS 1.3: {alternative.Name} also accepts these clients and keeps TLS 1.3";
    }

    private static bool HasTls13(ServerPolicy p) => p.Versions.Contains(Registry.TlsVersion.Tls13);

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
