namespace TlsDoctor.Negotiation;

/// <summary>Every (client, policy, certificate set) combination, in input order: the simulate --matrix table.</summary>
public static class NegotiationMatrix
{
    public sealed record Cell(ClientOffer Client, ServerPolicy Policy, IReadOnlyCollection<CertificateKind> Certificates, NegotiationOutcome Outcome);

    public static IReadOnlyList<Cell> Run(IReadOnlyList<ClientOffer> clients, IReadOnlyList<ServerPolicy> policies,
        IReadOnlyList<IReadOnlyCollection<CertificateKind>> certificateSets)
    {
        var cells = new List<Cell>(clients.Count * policies.Count * certificateSets.Count);
        foreach (var client in clients)
            foreach (var policy in policies)
                foreach (var certificates in certificateSets)
                    cells.Add(new Cell(client, policy, certificates, Simulator.Negotiate(client, policy, certificates)));
        return cells;
    }
}
