using TlsDoctor.Clients;
using TlsDoctor.Negotiation;

namespace TlsDoctor.Reports;

/// <summary>
/// Clients × policies: every client against every policy, simulated (Negotiation.NegotiationMatrix). Clients are
/// grouped by family (browsers first), in the given order within a family; policies keep the given order.
/// </summary>
public sealed record CompatibilityGrid(IReadOnlyList<GridClient> Clients, IReadOnlyList<GridPolicy> Policies, IReadOnlyList<GridCell> Cells)
{
    public GridCell Cell(int client, int policy) => Cells[client * Policies.Count + policy];

    /// <summary>How many clients the policy refuses.</summary>
    public int Refused(GridPolicy policy) => Cells.Count(c => ReferenceEquals(c.Policy, policy) && !c.Ok);

    public static CompatibilityGrid Build(IReadOnlyList<ClientOffer> offers, IReadOnlyList<GridPolicy> policies, IReadOnlyCollection<CertificateKind> certificates)
    {
        var clients = offers
            .Select((offer, index) => (Client: new GridClient(offer, ClientFamily.Of(ClientProfiles.Get(offer.Name)?.Family)), Index: index))
            .OrderBy(c => c.Client.Family.Order).ThenBy(c => c.Index)
            .Select(c => c.Client).ToList();
        var matrix = NegotiationMatrix.Run(clients.Select(c => c.Offer).ToList(), policies.Select(p => p.Policy).ToList(), [certificates]);
        var cells = new List<GridCell>(matrix.Count);
        for (var i = 0; i < matrix.Count; i++)
            cells.Add(new GridCell(clients[i / policies.Count], policies[i % policies.Count], matrix[i].Outcome));
        return new CompatibilityGrid(clients, policies, cells);
    }

    /// <summary>
    /// The columns: the current policy, the recommended one, the least change, those asked for, then the catalog's (most secure first);
    /// a policy named twice is one column with both roles.
    /// </summary>
    public static IReadOnlyList<GridPolicy> Columns(ServerPolicy? current, ServerPolicy? recommended, IEnumerable<ServerPolicy> requested, IEnumerable<ServerPolicy> catalog,
        ServerPolicy? leastChange = null)
    {
        var columns = new List<(ServerPolicy Policy, List<GridPolicyRole> Roles)>();
        void Add(ServerPolicy? policy, GridPolicyRole role)
        {
            if (policy is null) return;
            var existing = columns.FindIndex(c => string.Equals(c.Policy.Name, policy.Name, StringComparison.OrdinalIgnoreCase));
            if (existing < 0) columns.Add((policy, [role]));
            else if (!columns[existing].Roles.Contains(role) && role != GridPolicyRole.Catalog) columns[existing].Roles.Add(role);
        }
        Add(current, GridPolicyRole.Current);
        Add(recommended, GridPolicyRole.Recommended);
        Add(leastChange, GridPolicyRole.LeastChange);
        foreach (var p in requested) Add(p, GridPolicyRole.Requested);
        foreach (var p in catalog) Add(p, GridPolicyRole.Catalog);
        return columns.Select(c => new GridPolicy(c.Policy, c.Roles)).ToList();
    }
}
