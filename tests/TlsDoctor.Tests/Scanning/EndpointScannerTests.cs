using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using TlsDoctor.Scanning;

namespace TlsDoctor.Tests.Scanning;

public class EndpointScannerTests
{
    private static ushort S(string name) => CipherSuites.Find(name)?.Code ?? throw new ArgumentException(name);
    private static ushort G(string name) => Groups.Find(name)?.Code ?? throw new ArgumentException(name);
    private static readonly TargetInfo Target = new("localhost", 443, "127.0.0.1", "localhost");

    /// <summary>ELBSecurityPolicy-2016-08 behind an RSA certificate (the ECDSA suites need a certificate it does not have).</summary>
    private static readonly string[] Elb2016 =
    [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES128-SHA256", "ECDHE-RSA-AES128-SHA256",
        "ECDHE-ECDSA-AES128-SHA", "ECDHE-RSA-AES128-SHA", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA", "ECDHE-ECDSA-AES256-SHA",
        "AES128-GCM-SHA256", "AES128-SHA256", "AES128-SHA", "AES256-GCM-SHA384", "AES256-SHA256", "AES256-SHA",
    ];

    [Fact]
    public async Task Server_order_is_recovered_exactly_per_protocol()
    {
        var server = new SimulatedServer
        {
            Versions = [TlsVersion.Tls10, TlsVersion.Tls11, TlsVersion.Tls12],
            Suites = Elb2016.Select(S).ToList(),
            Groups = [G("secp256r1")],
        };
        var result = await new EndpointScanner(server, "localhost").ScanAsync(Target, default);

        var rsaSuites = Elb2016.Select(S).Where(s => CertificateKinds.OfSuite(s) == CertificateKind.Rsa).ToList();
        var tls12 = result.Protocols.Single(p => p.Name == "TLSv1.2");
        Assert.True(tls12.Supported);
        Assert.Equal(rsaSuites, tls12.Ciphers.Select(c => c.Value));
        Assert.True(tls12.ServerOrder);
        var tls10 = result.Protocols.Single(p => p.Name == "TLSv1.0");
        Assert.Equal(rsaSuites.Where(s => CipherSuites.Find(s)!.MinProtocol <= TlsVersion.Tls10), tls10.Ciphers.Select(c => c.Value));
        Assert.False(result.Protocols.Single(p => p.Name == "TLSv1.3").Supported);
        Assert.False(result.Protocols.Single(p => p.Name == "SSLv3").Supported);
        Assert.Equal(["secp256r1"], result.Groups.Select(g => g.Name));
        Assert.Contains(result.Findings, f => f.Id == "tls10");
        Assert.Contains(result.Findings, f => f.Id == "no-forward-secrecy");
        // Offer-and-remove: n + 1 per protocol, plus SSLv2, SSLv3, TLS 1.3, the ECDSA check, order, groups, fallback and ALPN.
        Assert.True(server.Handshakes <= 36, $"{server.Handshakes} handshakes");
    }

    [Fact]
    public async Task Client_order_server_is_reported_as_such()
    {
        var server = new SimulatedServer
        {
            Suites = [S("ECDHE-RSA-AES128-GCM-SHA256"), S("ECDHE-RSA-AES256-GCM-SHA384"), S("AES128-SHA")],
            ServerOrder = false,
        };
        var result = await new EndpointScanner(server, "localhost").ScanAsync(Target, default);
        var tls12 = result.Protocols.Single(p => p.Name == "TLSv1.2");
        Assert.False(tls12.ServerOrder);
        Assert.Equal(server.Suites.Order(), tls12.Ciphers.Select(c => c.Value).Order());
    }

    [Fact]
    public async Task Server_order_interleaving_key_exchanges_is_merged_exactly()
    {
        // The TLS 1.2 halves (ephemeral, other key exchange) are enumerated apart; this order interleaves them.
        string[] order = ["AES256-GCM-SHA384", "ECDHE-RSA-AES128-GCM-SHA256", "AES128-SHA", "ECDHE-RSA-AES256-SHA", "DHE-RSA-AES128-GCM-SHA256", "AES256-SHA"];
        var server = new SimulatedServer { Suites = order.Select(S).ToList(), Groups = [G("x25519")] };
        var result = await new EndpointScanner(server, "localhost").ScanAsync(Target, default);
        var tls12 = result.Protocols.Single(p => p.Name == "TLSv1.2");
        Assert.Equal(server.Suites, tls12.Ciphers.Select(c => c.Value));
        Assert.True(tls12.ServerOrder);
    }

    [Fact]
    public async Task Client_order_server_lists_suites_in_offered_order()
    {
        var suites = new[] { "AES128-SHA", "ECDHE-RSA-AES256-GCM-SHA384", "AES256-GCM-SHA384", "ECDHE-RSA-AES128-SHA" }.Select(S).ToList();
        var server = new SimulatedServer { Suites = suites, ServerOrder = false };
        var result = await new EndpointScanner(server, "localhost").ScanAsync(Target, default);
        var tls12 = result.Protocols.Single(p => p.Name == "TLSv1.2");
        Assert.False(tls12.ServerOrder);
        // A client-order server picks the first offered: the candidates' order is what one chain over all of them finds.
        Assert.Equal(ScanCandidates.Suites(TlsVersion.Tls12).Where(suites.Contains), tls12.Ciphers.Select(c => c.Value));
    }

    [Fact]
    public async Task Dual_certificate_server_picking_by_signature_algorithms_reveals_both_types()
    {
        var ecdsa = new[] { "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305" };
        var rsa = new[] { "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "AES128-GCM-SHA256" };
        var server = new SimulatedServer
        {
            Suites = ecdsa.Concat(rsa).Select(S).ToList(),
            CertificateKinds = ["ecdsa", "rsa"],
            PicksCertificateBySignatureAlgorithms = true,
        };
        var result = await new EndpointScanner(server, "localhost").ScanAsync(Target, default);
        var found = result.Protocols.Single(p => p.Name == "TLSv1.2").Ciphers.Select(c => c.Value).ToHashSet();
        Assert.Equal(ecdsa.Concat(rsa).Select(S).ToHashSet(), found);
        // Each type in the server's order (the RSA key exchange suite was found apart from the ECDHE ones and merged).
        Assert.Equal(ecdsa.Concat(rsa).Select(S), result.Protocols.Single(p => p.Name == "TLSv1.2").Ciphers.Select(c => c.Value));
        Assert.Contains(result.Notes, n => n.StartsWith("RSA suites appear only"));
    }

    [Fact]
    public async Task Tls13_groups_are_revealed_by_retry_including_hybrids()
    {
        var server = new SimulatedServer
        {
            Versions = [TlsVersion.Tls13],
            Tls13Suites = [S("TLS_AES_256_GCM_SHA384"), S("TLS_AES_128_GCM_SHA256"), S("TLS_CHACHA20_POLY1305_SHA256")],
            Tls13Groups = [G("X25519MLKEM768"), G("x25519"), G("secp384r1"), G("secp256r1"), G("ffdhe2048")],
        };
        var result = await new EndpointScanner(server, "localhost").ScanAsync(Target, default);
        var tls13 = result.Protocols.Single(p => p.Name == "TLSv1.3");
        Assert.Equal(server.Tls13Suites, tls13.Ciphers.Select(c => c.Value));
        Assert.True(tls13.ServerOrder);
        Assert.Equal(server.Tls13Groups, result.Groups.Select(g => g.Value));
        Assert.Contains(result.Groups, g => g.Name == "X25519MLKEM768" && g.PostQuantum);
        Assert.False(result.Protocols.Single(p => p.Name == "TLSv1.2").Supported);
    }

    [Fact]
    public async Task Server_rejecting_large_hellos_is_enumerated_in_chunks()
    {
        var suites = new[] { "ECDHE-RSA-AES128-GCM-SHA256", "AES256-SHA", "DES-CBC3-SHA" }.Select(S).ToList();
        var server = new SimulatedServer { Suites = suites, MaxSuitesBeforeReset = 60 };
        var result = await new EndpointScanner(server, "localhost").ScanAsync(Target, default);
        var tls12 = result.Protocols.Single(p => p.Name == "TLSv1.2");
        Assert.Equal(suites.ToHashSet(), tls12.Ciphers.Select(c => c.Value).ToHashSet());
        Assert.Contains(result.Notes, n => n.Contains("chunks"));
        Assert.Contains(result.Findings, f => f.Id == "sweet32");
    }

    [Fact]
    public async Task Fallback_scsv_and_alpn_are_observed()
    {
        var server = new SimulatedServer
        {
            Versions = [TlsVersion.Tls11, TlsVersion.Tls12],
            Suites = [S("ECDHE-RSA-AES128-GCM-SHA256"), S("ECDHE-RSA-AES128-SHA")],
        };
        var result = await new EndpointScanner(server, "localhost").ScanAsync(Target, default);
        Assert.True(result.Features.FallbackScsv);
        Assert.Equal(["http/1.1"], result.Features.Alpn);
        Assert.True(result.Features.SecureRenegotiation);
    }

    [Fact]
    public async Task Sslv2_and_sslv3_give_critical_and_high_findings()
    {
        var server = new SimulatedServer { Versions = [TlsVersion.SSLv3, TlsVersion.Tls10], Suites = [S("RC4-SHA"), S("AES128-SHA")], Sslv2 = true };
        var result = await new EndpointScanner(server, "localhost").ScanAsync(Target, default);
        Assert.Contains(result.Findings, f => f.Id == "sslv2" && f.Severity == FindingSeverity.Critical);
        Assert.Contains(result.Findings, f => f.Id == "sslv3" && f.Severity == FindingSeverity.High);
        Assert.Contains(result.Findings, f => f.Id == "rc4");
        Assert.Contains(result.Findings, f => f.Id == "beast");
        Assert.Contains("worst: ", result.Summary);
        // The simulated SERVER-HELLO lists SSL_CK_RC4_128_WITH_MD5 (0x010080): the SSLv2 protocol's ciphers.
        var sslv2 = Assert.Single(result.Protocols[0].Ciphers);
        Assert.Equal("0x010080", sslv2.Code);
        Assert.Equal("RC4-MD5", sslv2.OpenSsl);
        Assert.DoesNotContain("SSLv2", result.Summary);
    }
}
