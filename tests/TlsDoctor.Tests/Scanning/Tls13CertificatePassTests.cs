using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TlsDoctor.Registry;
using TlsDoctor.Scanning;

namespace TlsDoctor.Tests.Scanning;

/// <summary>Which TLS 1.3 certificate hellos a scan sends (one per type no TLS ≤ 1.2 handshake showed) and what it makes of the answers.</summary>
public class Tls13CertificatePassTests
{
    private static readonly TargetInfo Target = new("localhost", 443, "127.0.0.1", "localhost");
    private static readonly Lazy<byte[]> RsaCertificate = new(() => SelfSigned(RSA.Create(2048)));
    private static readonly Lazy<byte[]> EcdsaCertificate = new(() => SelfSigned(ECDsa.Create(ECCurve.NamedCurves.nistP256)));

    private static byte[] SelfSigned(AsymmetricAlgorithm key)
    {
        var request = key is RSA rsa
            ? new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest("CN=localhost", (ECDsa)key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(90));
        return certificate.RawData;
    }

    /// <summary>A simulated server whose encrypted TLS 1.3 flight carries the certificate of the type the signature schemes ask for.</summary>
    private sealed class Tls13Server(SimulatedServer inner, params string[] kinds) : IHandshakeProber
    {
        public List<HelloSpec> Flights { get; } = [];
        public int Handshakes => inner.Handshakes + Flights.Count;
        public Task<ProbeOutcome> ProbeAsync(HelloSpec hello, CancellationToken ct) => inner.ProbeAsync(hello, ct);
        public Task<Sslv2Outcome> ProbeSslv2Async(CancellationToken ct) => inner.ProbeSslv2Async(ct);

        public Task<Tls13Flight> ProbeTls13FlightAsync(HelloSpec hello, CancellationToken ct)
        {
            lock (Flights) Flights.Add(hello);
            var kind = kinds.FirstOrDefault(k => hello.SignatureAlgorithms.Any(s => SignatureSchemes.Find(s)?.KeyType == k));
            return Task.FromResult(kind switch
            {
                "rsa" => new Tls13Flight { CipherSuite = 0x1301, Group = 0x001D, Certificates = [RsaCertificate.Value], SignatureScheme = 0x0804 },
                "ecdsa" => new Tls13Flight { CipherSuite = 0x1301, Group = 0x001D, Certificates = [EcdsaCertificate.Value], SignatureScheme = 0x0403 },
                _ => Tls13Flight.Of(new ProbeFailure.Alert(2, 40)),
            });
        }
    }

    private static SimulatedServer Tls13Only() => new() { Versions = [TlsVersion.Tls13], Tls13Suites = [0x1301, 0x1302] };

    [Fact]
    public async Task Tls13_only_server_gets_one_restricted_hello_per_type_and_both_certificates()
    {
        var server = new Tls13Server(Tls13Only(), "rsa", "ecdsa");
        var fetched = false;
        var scanner = new EndpointScanner(server, "localhost") { FetchCertificate = _ => { fetched = true; return Task.FromResult<IReadOnlyList<byte[]>>([]); } };
        var result = await scanner.ScanAsync(Target, default);

        Assert.Equal(["RSA", "ECDSA"], result.Certificates.Select(c => c.PresentedFor));
        Assert.Equal(["RSA", "EC"], result.Certificates.Select(c => c.KeyType));
        Assert.False(fetched);
        Assert.Equal(2, server.Flights.Count);
        foreach (var (hello, kind) in server.Flights.OrderBy(h => SignatureSchemes.Find(h.SignatureAlgorithms[0])!.KeyType == "rsa" ? 0 : 1).Zip(new[] { "rsa", "ecdsa" }))
        {
            Assert.Equal(TlsVersion.Tls13, hello.Version);
            Assert.All(hello.SignatureAlgorithms, s => Assert.Equal(kind, SignatureSchemes.Find(s)!.KeyType));
            Assert.Equal(ScanCandidates.SignatureAlgorithms, hello.SignatureAlgorithmsCert);
            // One group the server accepts, with its key share: no HelloRetryRequest.
            Assert.Equal(hello.Groups, hello.KeyShareGroups);
            Assert.Single(hello.Groups);
            Assert.All(hello.CipherSuites, s => Assert.Contains(s, Tls13FlightReader.Suites));
        }
    }

    [Fact]
    public async Task A_type_the_server_lacks_is_refused_and_absent()
    {
        var server = new Tls13Server(Tls13Only(), "ecdsa");
        var result = await new EndpointScanner(server, "localhost") { FetchCertificate = _ => throw new InvalidOperationException("not needed") }.ScanAsync(Target, default);
        Assert.Equal("ECDSA", Assert.Single(result.Certificates).PresentedFor);
        Assert.Empty(result.Notes.Where(n => n.StartsWith("certificates:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Neither_type_readable_falls_back_to_one_default_handshake()
    {
        var server = new Tls13Server(Tls13Only());
        var scanner = new EndpointScanner(server, "localhost") { FetchCertificate = _ => Task.FromResult<IReadOnlyList<byte[]>>([EcdsaCertificate.Value]) };
        var result = await scanner.ScanAsync(Target, default);
        Assert.Equal("any", Assert.Single(result.Certificates).PresentedFor);
        Assert.Contains(result.Notes, n => n.StartsWith("certificates:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_certificate_handshakes_without_a_fetcher()
    {
        var server = new Tls13Server(Tls13Only(), "rsa", "ecdsa");
        var result = await new EndpointScanner(server, "localhost").ScanAsync(Target, default);
        Assert.Empty(server.Flights);
        Assert.Empty(result.Certificates);
    }
}
