using TlsDoctor.Negotiation;
using TlsDoctor.Policies;
using TlsDoctor.Registry;

namespace TlsDoctor.Logs;

/// <summary>
/// The what-if impact of a policy on the clients the logs show: the one entry point for `logs what-if`,
/// `diagnose --logs` and `aws set-policy --logs` (docs/logs.md).
/// </summary>
public static class LogWhatIf
{
    /// <summary>Reads the logs and answers what <paramref name="policy"/> would put at risk, confirming clients by user agent.</summary>
    public static WhatIfResult Analyze(IReadOnlyList<LogSource> sources, ServerPolicy policy, LogScanOptions? options = null, CancellationToken cancellation = default)
    {
        var (tallies, stats) = LogScanner.Scan(sources, () => new WhatIfTally(p => PolicyPairs.Refusal(policy, p) is not null), options, cancellation);
        var merged = Merge(tallies);
        return Evaluate(policy, merged, stats, confirm: true);
    }

    /// <summary>
    /// The most secure policy of <paramref name="loadBalancer"/> ("ALB", "NLB", "CLB") that puts at most
    /// <paramref name="tolerance"/> (a share, 0.001 = 0.1 %) of the logged connections at risk; nothing at risk when 0.
    /// </summary>
    public static WhatIfRecommendation Recommend(IReadOnlyList<LogSource> sources, string loadBalancer, double tolerance, LogScanOptions? options = null, CancellationToken cancellation = default)
    {
        var (tallies, stats) = LogScanner.Scan(sources, () => new WhatIfTally(null), options, cancellation);
        var merged = Merge(tallies);
        var candidates = PolicyRecommender.PoliciesFor(PolicyCatalog.All, "aws", loadBalancer).Where(p => SecurityProfile.Of(p).IsKnown).ToList();
        var tried = new List<PolicyRisk>();
        foreach (var policy in candidates)
        {
            var impact = Evaluate(policy, merged, stats, confirm: false);
            tried.Add(new PolicyRisk(policy.Name, impact.AtRisk, impact.AtRiskClients, impact.AtRiskShare));
            if (impact.AtRisk == 0 || impact.AtRiskShare <= tolerance)
                return new WhatIfRecommendation
                {
                    LoadBalancer = loadBalancer, Tolerance = tolerance, Policy = policy, Impact = impact, Candidates = tried,
                    Commands = PolicyRecommender.Commands(policy, loadBalancer), Scan = stats,
                };
        }
        return new WhatIfRecommendation
        {
            LoadBalancer = loadBalancer, Tolerance = tolerance, Policy = null, Impact = null, Candidates = tried, Commands = [], Scan = stats,
        };
    }

    private sealed class MergedPair
    {
        public long Count;
        public readonly HashSet<string> Clients = new(StringComparer.Ordinal);
        public readonly List<string> Examples = [];
        public readonly Dictionary<string, long> UserAgents = new(StringComparer.Ordinal);
    }

    private sealed record Merged(
        Dictionary<NegotiatedPair, MergedPair> Pairs,
        Dictionary<UInt128, NegotiatedPair> RiskyConnections,
        Dictionary<UInt128, string> AgentByConnection,
        bool JoinOnTraceId,
        List<string> Notes);

    private static Merged Merge(IReadOnlyList<WhatIfTally> tallies)
    {
        var notes = new List<string>();
        var seen = tallies.SelectMany(t => Enumerable.Range(0, t.Pairs.Length).Where(i => t.Pairs[i] is not null).Select(i => (LogFormat)i));
        var counted = LogSummarizer.CountedFormats(seen, notes);
        var pairs = new Dictionary<NegotiatedPair, MergedPair>();
        foreach (var tally in tallies)
            foreach (var format in counted)
            {
                if (tally.Pairs[(int)format] is not { } map) continue;
                foreach (var (pair, t) in map)
                {
                    if (!pairs.TryGetValue(pair, out var m)) pairs[pair] = m = new MergedPair();
                    m.Count += t.Count;
                    foreach (var (client, _) in t.Clients.Entries) m.Clients.Add(client);
                    foreach (var e in t.Examples) if (m.Examples.Count < PairTally.ExampleCount) m.Examples.Add(e);
                    foreach (var (agent, n) in t.UserAgents) m.UserAgents[agent] = m.UserAgents.GetValueOrDefault(agent) + n;
                }
            }
        var risky = new Dictionary<UInt128, NegotiatedPair>();
        var agents = new Dictionary<UInt128, string>();
        foreach (var t in tallies)
        {
            foreach (var (id, pair) in t.RiskyConnections) risky[id] = pair;
            foreach (var (id, agent) in t.AgentByConnection) agents[id] = agent;
        }
        return new Merged(pairs, risky, agents, counted.Contains(LogFormat.AlbConnection), notes);
    }

    private static WhatIfResult Evaluate(ServerPolicy policy, Merged merged, LogScanStats stats, bool confirm)
    {
        var atRisk = new List<AtRiskPair>();
        var clients = new HashSet<string>(StringComparer.Ordinal);
        var agents = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (pair, m) in merged.Pairs)
        {
            if (PolicyPairs.Refusal(policy, pair) is not { } reason) continue;
            atRisk.Add(new AtRiskPair(pair.Protocol, pair.Cipher, m.Count, m.Clients.Count, reason, m.Examples));
            clients.UnionWith(m.Clients);
            // Direct user agents: CLB access lines, and ALB access lines when they are the ones counted.
            foreach (var (agent, n) in m.UserAgents) agents[agent] = agents.GetValueOrDefault(agent) + n;
        }
        if (merged.JoinOnTraceId)
        {
            // ALB access lines are not counted beside connection logs (their pairs hold CLB agents only): their user
            // agents reach the at-risk connections through conn_trace_id.
            foreach (var (id, _) in merged.RiskyConnections)
                if (merged.AgentByConnection.TryGetValue(id, out var agent)) agents[agent] = agents.GetValueOrDefault(agent) + 1;
        }
        var confirmed = new List<ClientConfirmation>();
        var cleared = new List<ClientConfirmation>();
        if (confirm)
        {
            var certificates = Certificates(merged.Pairs.Keys);
            foreach (var group in agents.Select(a => (Agent: a.Key, Count: a.Value, Profile: UserAgentProfiles.Match(a.Key))).Where(a => a.Profile is not null).GroupBy(a => a.Profile!.Id))
            {
                var profile = group.First().Profile!;
                var example = group.OrderByDescending(a => a.Count).ThenBy(a => a.Agent, StringComparer.Ordinal).First().Agent;
                var outcome = Simulator.Negotiate(profile.Offer, policy, certificates);
                var text = outcome switch
                {
                    NegotiationOutcome.Agreed a => $"agrees on {Simulator.Display(a.Version)} {CipherSuites.Describe(a.Suite)}",
                    NegotiationOutcome.Refused r => r.Explanation,
                    _ => outcome.ToString(),
                };
                var c = new ClientConfirmation(profile.Id, profile.Name, example, group.Sum(a => a.Count), !outcome.IsAgreed, text);
                (outcome.IsAgreed ? cleared : confirmed).Add(c);
            }
        }
        return new WhatIfResult
        {
            Scan = stats,
            Policy = policy.Name,
            Connections = merged.Pairs.Values.Sum(m => m.Count),
            AtRisk = atRisk.Sum(p => p.Connections),
            AtRiskClients = clients.Count,
            Pairs = atRisk.OrderByDescending(p => p.Connections).ThenBy(p => p.Protocol, StringComparer.Ordinal).ThenBy(p => p.Cipher, StringComparer.Ordinal).ToList(),
            Confirmed = confirmed.OrderByDescending(c => c.Connections).ThenBy(c => c.Profile, StringComparer.Ordinal).ToList(),
            Cleared = cleared.OrderByDescending(c => c.Connections).ThenBy(c => c.Profile, StringComparer.Ordinal).ToList(),
            Notes = merged.Notes,
        };
    }

    /// <summary>The certificates the load balancer evidently holds: RSA, and ECDSA when an ECDSA-authenticated suite was negotiated.</summary>
    private static IReadOnlyCollection<CertificateKind> Certificates(IEnumerable<NegotiatedPair> pairs)
    {
        var ecdsa = pairs.Any(p => LogNames.Suite(p.Cipher)?.NeedsEcdsaCertificate == true);
        return ecdsa ? [CertificateKind.Rsa, CertificateKind.Ecdsa] : [CertificateKind.Rsa];
    }
}
