using TlsDoctor.Diagnosis;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;

namespace TlsDoctor.Reports;

/// <summary>Turns a diagnosis (Diagnosis.Diagnoser's result) into a <see cref="Report"/>: adds the grid, the recommendation and the diff.</summary>
public static class ReportBuilder
{
    public static Report Build(DiagnosisReport diagnosis, string loadBalancer, ReportOptions options)
    {
        var offers = diagnosis.Clients.Select(c => c.Offer).ToList();
        // Diagnose recommends only when a client fails; a report also shows what is stricter and still admits everyone.
        var recommendation = diagnosis.Recommendation
            ?? (offers.Count > 0 ? PolicyRecommender.Recommend(offers, PolicyCatalog.All, loadBalancer, diagnosis.Certificates, current: diagnosis.Policy) : null);
        var recommended = recommendation?.Policy;
        var catalog = options.AllPolicies ? PolicyRecommender.PoliciesFor(PolicyCatalog.All, "aws", loadBalancer) : [];
        var columns = CompatibilityGrid.Columns(diagnosis.Policy, recommended, options.Policies, catalog, recommendation?.LeastChange?.Policy);
        var grid = CompatibilityGrid.Build(offers, columns, diagnosis.Certificates);
        var diff = diagnosis.Policy is { } current && recommended is not null && !string.Equals(current.Name, recommended.Name, StringComparison.OrdinalIgnoreCase)
            ? PolicyDiff.Compare(current, recommended)
            : null;
        return new Report
        {
            Endpoint = diagnosis.Target,
            Address = diagnosis.Address,
            GeneratedAt = options.GeneratedAt,
            CurrentPolicy = diagnosis.Policy,
            PolicyOrigin = options.PolicyOrigin ?? diagnosis.PolicySource switch
            {
                PolicySourceKind.Identified => "identified by a scan",
                PolicySourceKind.Closest => "closest catalog policy to the scan",
                _ => "stated",
            },
            EquivalentPolicies = diagnosis.Matches.Where(m => m.Exact).Select(m => m.Name).ToList(),
            LoadBalancer = loadBalancer,
            Certificates = diagnosis.Certificates,
            Clients = diagnosis.Clients,
            Live = diagnosis.Clients.Any(c => c.Live.Kind != LiveAnswerKind.NotSent),
            Recommendation = recommendation,
            Scan = diagnosis.Scan,
            Grid = grid,
            Diff = diff,
            Notes = diagnosis.Notes,
        };
    }
}
