using TlsDoctor.Aws;
using TlsDoctor.Clients;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;
using TlsDoctor.Registry;

namespace TlsDoctor.Diagnosis;

/// <summary>aws audit: every TLS listener's policy judged against the catalog clients and the catalog's stricter policies.</summary>
public static class ListenerAudit
{
    public static IReadOnlyList<ListenerAuditEntry> Run(IReadOnlyList<AwsTlsListener> listeners, IReadOnlyCollection<CertificateKind> certificates)
    {
        var clients = ClientProfiles.Offers;
        return listeners.Where(l => l.IsTls).Select(l =>
        {
            if (l.Policy is not { } policy) return new ListenerAuditEntry(l, [], null, null, null);
            var verdicts = clients.Select(c => new ClientVerdict(c.Name, policy.Name, Simulator.Negotiate(c, policy, certificates))).ToList();
            var admitted = clients.Where((_, i) => verdicts[i].Outcome.IsAgreed).ToList();
            ServerPolicy? recommended = null;
            if (admitted.Count > 0)
            {
                var best = PolicyRecommender.Recommend(admitted, PolicyCatalog.All, l.CatalogType, certificates).Policy;
                if (best is not null && best.Name != policy.Name && PolicySecurity.Instance.Compare(best, policy) < 0) recommended = best;
            }
            var legacy = policy.Versions.Any(v => v == TlsVersion.Tls10 || v == TlsVersion.Tls11);
            return new ListenerAuditEntry(l, verdicts.Where(v => !v.Outcome.IsAgreed).ToList(), legacy, policy.IsPostQuantum, recommended);
        }).ToList();
    }
}
