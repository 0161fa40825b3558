using TlsDoctor.Policies;
using TlsDoctor.Registry;
using TlsDoctor.Scanning;

namespace TlsDoctor.Tests.Scanning;

/// <summary>
/// Servers that stop answering partway, break the protocol, or enforce their order with ChaCha20 priority, against the
/// scanner through a simulated server (the integration tests run the same modes over real sockets).
/// </summary>
public class HostileServerScannerTests
{
    private static ushort S(string name) => CipherSuites.Find(name)?.Code ?? throw new ArgumentException(name);
    private static readonly TargetInfo Target = new("localhost", 443, "127.0.0.1", "localhost");

    /// <summary>ELBSecurityPolicy-2016-08 (TLS 1.0–1.2), behind an RSA certificate.</summary>
    private static SimulatedServer Elb2016(int? answersOnly = null) => new()
    {
        Versions = [TlsVersion.Tls10, TlsVersion.Tls11, TlsVersion.Tls12],
        Suites = PolicyCatalog.Find("ELBSecurityPolicy-2016-08").Policy!.CipherSuites.ToList(),
        Groups = [0x0017, 0x001D],
        AnswersOnly = answersOnly,
    };

    [Fact]
    public async Task Complete_scan_of_the_same_server_matches_its_policy_exactly()
    {
        // The control for the test below: the same server, answering every hello.
        var result = await new EndpointScanner(Elb2016(), "localhost").ScanAsync(Target, default);
        Assert.True(result.IsComplete, string.Join("; ", result.Incomplete));
        Assert.All(result.Protocols, p => Assert.True(p.Determined));
        Assert.Contains(ScanObservation.Identify(result), m => m.Exact && m.Name == "ELBSecurityPolicy-2016-08");
    }

    [Theory]
    [InlineData(4)]
    [InlineData(9)]
    [InlineData(15)]
    public async Task Server_that_stops_answering_partway_gives_an_incomplete_scan_and_no_exact_match(int answered)
    {
        var server = Elb2016(answered);
        var result = await new EndpointScanner(server, "localhost").ScanAsync(Target, default);

        Assert.Null(result.Failure);
        Assert.False(result.IsComplete);
        var tls12 = result.Protocols.Single(p => p.Version == TlsVersion.Tls12);
        // The TLS 1.2 list cannot be whole: the policy has 18 suites (12 with an RSA certificate) and only `answered` hellos were answered.
        Assert.True(tls12.Ciphers.Count < 12);
        Assert.False(tls12.Determined);
        Assert.NotNull(tls12.Incomplete);
        Assert.Contains("timeout", tls12.Incomplete);
        Assert.Contains(result.Incomplete, i => i.StartsWith("TLSv1.2: "));
        var observation = ScanObservation.From(result);
        Assert.NotNull(observation?.Incomplete);
        Assert.DoesNotContain(ScanObservation.Identify(result), m => m.Exact);
    }

    [Fact]
    public async Task Once_the_server_stopped_answering_later_probes_are_not_sent()
    {
        // Each unanswered probe would wait a whole deadline: after the first, the rest end at once.
        var server = Elb2016(3);
        var result = await new EndpointScanner(server, "localhost").ScanAsync(Target, default);
        var lost = server.Hellos.Count - 3;
        Assert.InRange(lost, 1, 8);   // at most the probes already in flight when the first answer was lost (one per chain)
        Assert.Contains(result.Incomplete, i => i.Contains("were not sent"));
    }

    [Theory]
    [InlineData((ushort)0xFEFE)]   // SSL_RSA_FIPS_WITH_DES_CBC_SHA: offered by the first hello, then selected unasked
    [InlineData((ushort)0x0000)]   // TLS_NULL_WITH_NULL_NULL: never negotiable
    [InlineData((ushort)0x1301)]   // TLS_AES_128_GCM_SHA256 in a TLS 1.2 ServerHello
    public async Task Server_selecting_what_no_client_accepts_is_a_protocol_violation_never_an_accepted_suite(ushort selected)
    {
        var server = new SimulatedServer { Versions = [TlsVersion.Tls12], Suites = [S("ECDHE-RSA-AES128-GCM-SHA256"), S("AES128-SHA")], AlwaysSelects = selected };
        var result = await new EndpointScanner(server, "localhost").ScanAsync(Target, default);

        Assert.Null(result.Failure);
        Assert.DoesNotContain(result.Protocols.SelectMany(p => p.Ciphers), c => c.Value == selected);
        Assert.DoesNotContain(result.Protocols, p => p.Supported);
        Assert.Contains(result.Findings, f => f.Id == "protocol-violation" && f.Severity == FindingSeverity.Critical);
        Assert.DoesNotContain(result.Findings, f => f.Id is "des" or "null-cipher");
        var tls12 = result.Protocols.Single(p => p.Version == TlsVersion.Tls12);
        Assert.StartsWith("protocol violation: TLSv1.2 ServerHello selecting", tls12.Refusal);
        // Every TLS hello got a ServerHello: no protocol may say it was closed without an answer (SSL 2.0 hellos were, here).
        Assert.DoesNotContain("closed without an answer", result.Summary + string.Join(" ", result.Protocols.Where(p => p.Version != TlsVersion.SSLv2).Select(p => p.Refusal)));
        if (selected == 0x1301) Assert.Contains(result.ProtocolViolations, v => v.Contains("a TLS 1.3 suite"));
    }

    [Fact]
    public async Task Server_order_with_ChaCha20_priority_is_reported_as_server_order_and_identified()
    {
        // haproxy serving ELBSecurityPolicy-TLS13-1-2-2021-06 (OpenSSL's SSL_OP_PRIORITIZE_CHACHA is on in haproxy).
        var policy = PolicyCatalog.Find("ELBSecurityPolicy-TLS13-1-2-2021-06").Policy!;
        var server = new SimulatedServer
        {
            Versions = [TlsVersion.Tls12, TlsVersion.Tls13],
            Suites = policy.CipherSuites.Where(c => !CipherSuites.Find(c)!.IsTls13).ToList(),
            Tls13Suites = policy.CipherSuites.Where(c => CipherSuites.Find(c)!.IsTls13).ToList(),
            PrioritizesChaCha = true,
        };
        var result = await new EndpointScanner(server, "localhost").ScanAsync(Target, default);
        var tls13 = result.Protocols.Single(p => p.Version == TlsVersion.Tls13);
        Assert.Equal(server.Tls13Suites, tls13.Ciphers.Select(c => c.Value));
        Assert.True(tls13.ServerOrder);
        Assert.True(tls13.ChaChaPriority);
        Assert.True(ScanObservation.From(result)!.ChaChaPriority);
        Assert.Contains(ScanObservation.Identify(result), m => m.Exact && m.Name == "ELBSecurityPolicy-TLS13-1-2-2021-06");
    }

    [Fact]
    public async Task Dual_certificate_server_with_ChaCha20_priority_is_identified_by_its_order_per_certificate_type()
    {
        // haproxy with an RSA and an ECDSA certificate: it picks one per hello, so the order between types is not observable.
        var policy = PolicyCatalog.Find("ELBSecurityPolicy-TLS13-1-2-2021-06").Policy!;
        var server = new SimulatedServer
        {
            Versions = [TlsVersion.Tls12, TlsVersion.Tls13],
            Suites = policy.CipherSuites.Where(c => !CipherSuites.Find(c)!.IsTls13).ToList(),
            Tls13Suites = policy.CipherSuites.Where(c => CipherSuites.Find(c)!.IsTls13).ToList(),
            CertificateKinds = ["ecdsa", "rsa"],
            PicksCertificateBySignatureAlgorithms = true,
            PrioritizesChaCha = true,
        };
        var result = await new EndpointScanner(server, "localhost").ScanAsync(Target, default);
        Assert.Contains(ScanObservation.Identify(result), m => m.Exact && m.Name == "ELBSecurityPolicy-TLS13-1-2-2021-06");
    }

    [Fact]
    public async Task A_certificate_too_large_to_read_gets_a_note_instead_of_silence()
    {
        var server = new SimulatedServer { Suites = [S("ECDHE-RSA-AES128-GCM-SHA256")], CertificateCut = true };
        var result = await new EndpointScanner(server, "localhost").ScanAsync(Target, default);
        Assert.Empty(result.Certificates);
        Assert.Contains(result.Notes, n => n.StartsWith("certificates: the server's Certificate message does not fit"));
    }

    [Fact]
    public async Task A_tls13_only_server_whose_certificate_cannot_be_read_is_not_said_to_show_one()
    {
        var server = new SimulatedServer { Versions = [TlsVersion.Tls13], Tls13Suites = [S("TLS_AES_128_GCM_SHA256")] };
        var result = await new EndpointScanner(server, "localhost") { FetchCertificate = _ => Task.FromResult<IReadOnlyList<byte[]>>([]) }.ScanAsync(Target, default);
        Assert.Empty(result.Certificates);
        Assert.DoesNotContain(result.Notes, n => n.Contains("is shown"));
        Assert.Contains(result.Notes, n => n.StartsWith("certificates: TLS 1.3 only, and no certificate could be read"));
    }

    [Fact]
    public async Task Client_order_server_is_not_taken_for_ChaCha20_priority()
    {
        var server = new SimulatedServer
        {
            Versions = [TlsVersion.Tls13],
            Tls13Suites = [S("TLS_AES_128_GCM_SHA256"), S("TLS_AES_256_GCM_SHA384"), S("TLS_CHACHA20_POLY1305_SHA256")],
            ServerOrder = false,
        };
        var result = await new EndpointScanner(server, "localhost").ScanAsync(Target, default);
        var tls13 = result.Protocols.Single(p => p.Version == TlsVersion.Tls13);
        Assert.False(tls13.ServerOrder);
        Assert.False(tls13.ChaChaPriority);
    }
}
