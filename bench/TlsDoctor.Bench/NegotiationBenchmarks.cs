using BenchmarkDotNet.Attributes;
using TlsDoctor.Clients;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;

namespace TlsDoctor.Bench;

/// <summary>
/// The simulator over the whole catalog: every client profile × every policy × both certificate types
/// (the "full matrix" target: well under a second), plus one recommend over the ALB policies.
/// </summary>
[MemoryDiagnoser]
public class NegotiationBenchmarks
{
    private IReadOnlyList<ClientOffer> _clients = [];
    private IReadOnlyList<ServerPolicy> _policies = [];
    private IReadOnlyList<IReadOnlyCollection<CertificateKind>> _certificates = [];

    [GlobalSetup]
    public void Setup()
    {
        _clients = ClientProfiles.Offers;
        _policies = PolicyCatalog.All;
        _certificates = [[CertificateKind.Rsa], [CertificateKind.Ecdsa]];
    }

    [Benchmark(Description = "full matrix: all clients × all policies × 2 certificates")]
    public int FullMatrix() => NegotiationMatrix.Run(_clients, _policies, _certificates).Count(c => c.Outcome.IsAgreed);

    [Benchmark(Description = "recommend: 5 clients, ALB")]
    public string? Recommend() =>
        PolicyRecommender.Recommend(_clients.Take(5).ToList(), _policies, "ALB", [CertificateKind.Rsa]).Policy?.Name;
}
