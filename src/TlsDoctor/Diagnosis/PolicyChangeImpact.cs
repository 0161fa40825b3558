using TlsDoctor.Clients;
using TlsDoctor.Negotiation;

namespace TlsDoctor.Diagnosis;

/// <summary>set-policy's impact: the simulator run for every client against the current and the new policy.</summary>
public static class PolicyChangeImpact
{
    /// <param name="clients">The clients to consider: the catalog's profiles plus any the user gave or captured.</param>
    /// <param name="logs">Load-balancer logs whose connections the new policy is checked against (the one what-if, Logs.LogWhatIf).</param>
    public static ListenerPolicyImpact Assess(ServerPolicy? current, ServerPolicy next, IReadOnlyList<ClientOffer> clients, IReadOnlyCollection<CertificateKind> certificates,
        IReadOnlyList<TlsDoctor.Logs.LogSource>? logs = null, CancellationToken cancellation = default)
    {
        var impact = AssessClients(current, next, clients, certificates);
        return logs is { Count: > 0 } ? impact with { Logs = TlsDoctor.Logs.LogWhatIf.Analyze(logs, next, null, cancellation) } : impact;
    }

    private static ListenerPolicyImpact AssessClients(ServerPolicy? current, ServerPolicy next, IReadOnlyList<ClientOffer> clients, IReadOnlyCollection<CertificateKind> certificates)
    {
        var breaks = new List<ClientVerdict>();
        var fixes = new List<ClientVerdict>();
        foreach (var client in clients)
        {
            var after = Simulator.Negotiate(client, next, certificates);
            var before = current is null ? null : Simulator.Negotiate(client, current, certificates);
            if (before is { IsAgreed: true } && !after.IsAgreed) breaks.Add(new ClientVerdict(client.Name, next.Name, after));
            else if (before is { IsAgreed: false } && after.IsAgreed) fixes.Add(new ClientVerdict(client.Name, current!.Name, before));
        }
        return new ListenerPolicyImpact(current, next, breaks, fixes, clients.Count);
    }

    /// <summary>The catalog's client profiles followed by <paramref name="given"/>, without repeating a name.</summary>
    public static IReadOnlyList<ClientOffer> WithCatalogClients(IReadOnlyList<ClientOffer> given) =>
        ClientProfiles.Offers.Concat(given).DistinctBy(c => c.Name).ToList();
}
