using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using TlsDoctor.Scanning;

namespace TlsDoctor.Tests.Scanning;

public class SignatureAlgorithmEnumeratorTests
{
    /// <summary>Signs TLS 1.2 ServerKeyExchange with its first preferred scheme among those offered; refuses when none is.</summary>
    private sealed class SigningServer(IReadOnlyList<ushort> preferred, ushort? alwaysSignsWith = null) : IHandshakeProber
    {
        public List<IReadOnlyList<ushort>> Offers { get; } = [];
        public int Handshakes => Offers.Count;
        public Task<Sslv2Outcome> ProbeSslv2Async(CancellationToken ct) => throw new NotSupportedException();

        public Task<ProbeOutcome> ProbeAsync(HelloSpec hello, CancellationToken ct)
        {
            Offers.Add(hello.SignatureAlgorithms);
            var pick = alwaysSignsWith ?? preferred.Where(hello.SignatureAlgorithms.Contains).Cast<ushort?>().FirstOrDefault();
            return Task.FromResult(pick is { } s
                ? ProbeOutcome.Of(new ServerAnswer { Version = TlsVersion.Tls12, CipherSuite = 0xC02F, SignatureScheme = s })
                : ProbeOutcome.Of(new ProbeFailure.Alert(2, 40)));
        }
    }

    private static readonly HelloSpec Hello = new() { Version = TlsVersion.Tls12, CipherSuites = [0xC02F] };

    [Fact]
    public async Task Offer_and_remove_finds_every_accepted_scheme_in_server_order_in_n_plus_one_handshakes()
    {
        ushort[] accepted = [0x0805, 0x0401, 0x0804];
        var server = new SigningServer(accepted);
        var result = await SignatureAlgorithmEnumerator.EnumerateAsync(server, Hello, CertificateKind.Rsa, default);
        Assert.Equal(accepted, result.Values);
        Assert.Equal(["rsa_pss_rsae_sha384", "rsa_pkcs1_sha256", "rsa_pss_rsae_sha256"], result.Schemes);
        Assert.Equal(("TLSv1.2", "RSA"), (result.Protocol, result.Certificate));
        Assert.Null(result.Note);
        Assert.Equal(accepted.Length + 1, server.Handshakes);
        // Only the key type's schemes are offered: every RSA scheme of the registry first.
        Assert.Equal(SignatureSchemes.All.Where(s => s.KeyType == "rsa").Select(s => s.Code).Order(), server.Offers[0].Order());
    }

    [Fact]
    public async Task A_server_that_ignores_the_offer_stops_the_chain_with_a_note()
    {
        var server = new SigningServer([], alwaysSignsWith: 0x0403);
        var result = await SignatureAlgorithmEnumerator.EnumerateAsync(server, Hello, CertificateKind.Rsa, default);
        Assert.Empty(result.Values);
        Assert.Contains("ecdsa_secp256r1_sha256", result.Note);
        Assert.Equal(1, server.Handshakes);
    }
}
