using TlsDoctor.Negotiation;
using TlsDoctor.Policies;

namespace TlsDoctor.IntegrationTests.Negotiation;

/// <summary>The policies the differential test enforces on real servers: every AWS ELB policy of the catalog.</summary>
public static class DifferentialPolicies
{
    public static IReadOnlyList<ServerPolicy> All() =>
        PolicyCatalog.All.Where(p => p.Provider == "aws" && SecurityProfile.Of(p).IsKnown).ToList();
}
