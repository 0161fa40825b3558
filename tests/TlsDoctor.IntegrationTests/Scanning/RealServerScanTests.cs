using TlsDoctor.IntegrationTests.Servers;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using TlsDoctor.Scanning;
using static TlsDoctor.IntegrationTests.Scanning.ScanHelper;

namespace TlsDoctor.IntegrationTests.Scanning;

/// <summary>
/// Scans of real servers equal their configuration: protocols, suites (in server order when the server
/// enforces one), groups. Expected suite lists come from the server's cipher string as this machine's
/// OpenSSL expands it, filtered by the certificate types the server holds.
/// </summary>
public class RealServerScanTests
{
    /// <summary>ELBSecurityPolicy-2016-08's suites, in its order (AWS documentation).</summary>
    public const string Elb2016 =
        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:" +
        "ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:" +
        "ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES256-SHA:ECDHE-ECDSA-AES256-SHA:" +
        "AES128-GCM-SHA256:AES128-SHA256:AES128-SHA:AES256-GCM-SHA384:AES256-SHA256:AES256-SHA";

    [Fact]
    public async Task Openssl_server_order_tls12_and_tls13_with_groups()
    {
        const string ciphers = "ECDHE-RSA-AES256-GCM-SHA384:AES128-SHA:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:AES256-GCM-SHA384";
        await using var server = await OpenSslServer.StartAsync(CertificateKind.Rsa, "-serverpref", "-no_ssl3", "-no_tls1", "-no_tls1_1",
            "-cipher", ciphers, "-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256", "-groups", "secp384r1:x25519:ffdhe3072");
        var scan = await ScanAsync(server);

        Assert.Null(scan.Failure);
        Assert.Equal(["TLSv1.2", "TLSv1.3"], Supported(scan));
        Assert.Equal(Usable(await ExpandAsync(ciphers), TlsVersion.Tls12, "rsa"), Suites(scan, "TLSv1.2"));
        Assert.True(Protocol(scan, "TLSv1.2").ServerOrder);
        Assert.Equal([Code("TLS_CHACHA20_POLY1305_SHA256"), Code("TLS_AES_128_GCM_SHA256")], Suites(scan, "TLSv1.3"));
        Assert.True(Protocol(scan, "TLSv1.3").ServerOrder);
        Assert.Equal([Group("secp384r1"), Group("x25519"), Group("ffdhe3072")], scan.Groups.Select(g => g.Value));
        Assert.Equal(["TLSv1.2", "TLSv1.3"], scan.Groups.Single(g => g.Name == "x25519").Protocols);
        Assert.Equal(["TLSv1.3"], scan.Groups.Single(g => g.Name == "ffdhe3072").Protocols);
        Assert.NotEmpty(scan.Features.DhPrimeBits);
        Assert.True(scan.Features.SecureRenegotiation);
        Assert.True(scan.Features.FallbackScsv);
        Assert.False(scan.Features.Compression);
        var certificate = Assert.Single(scan.Certificates);
        Assert.Equal(TestCertificates.Rsa.Certificate.Subject, certificate.Subject);
        Assert.Equal("RSA", certificate.KeyType);
        Assert.Equal(2048, certificate.KeyBits);
        Assert.True(certificate.HostnameMatches);
        Assert.False(certificate.Trusted);
        Assert.Contains(scan.Findings, f => f.Id == "no-forward-secrecy");
        Assert.DoesNotContain(scan.Findings, f => f.Id is "tls10" or "tls11" or "sslv3");
    }

    [Fact]
    public async Task Openssl_client_order_is_detected()
    {
        const string ciphers = "AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA";
        await using var server = await OpenSslServer.StartAsync(CertificateKind.Rsa, "-tls1_2", "-cipher", ciphers);
        var scan = await ScanAsync(server);
        Assert.Equal(["TLSv1.2"], Supported(scan));
        Assert.Equal((await ExpandAsync(ciphers)).Where(c => !CipherSuites.Find(c)!.IsTls13).Order(), Suites(scan, "TLSv1.2").Order());
        Assert.False(Protocol(scan, "TLSv1.2").ServerOrder);
    }

    [Fact]
    public async Task Openssl_tls10_only_legacy_suites()
    {
        const string ciphers = "AES128-SHA:DES-CBC3-SHA:ECDHE-RSA-AES256-SHA:@SECLEVEL=0";
        await using var server = await OpenSslServer.StartAsync(CertificateKind.Rsa, "-tls1", "-serverpref", "-cipher", ciphers);
        var scan = await ScanAsync(server);
        Assert.Equal(["TLSv1.0"], Supported(scan));
        Assert.Equal(Usable(await ExpandAsync(ciphers), TlsVersion.Tls10, "rsa"), Suites(scan, "TLSv1.0"));
        Assert.Contains(scan.Findings, f => f.Id == "tls10");
        Assert.Contains(scan.Findings, f => f.Id == "beast");
        Assert.Contains(scan.Findings, f => f.Id == "no-tls12" && f.Severity == FindingSeverity.High);
        Assert.Null(scan.Features.FallbackScsv);
    }

    [Fact]
    public async Task Haproxy_rsa_elb_policy_is_found_exactly_in_few_handshakes()
    {
        await using var server = await HaproxyServer.StartAsync([TestCertificates.Rsa],
            $"ciphers {Elb2016}:@SECLEVEL=0 ssl-min-ver TLSv1.0 ssl-max-ver TLSv1.2 curves X25519:P-256:P-384");
        using var forwarder = new CountingForwarder(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, server.Port));
        var scan = await ScanAsync($"127.0.0.1:{forwarder.Port}");
        var expanded = await ExpandAsync(Elb2016 + ":@SECLEVEL=0");
        Assert.Equal(["TLSv1.0", "TLSv1.1", "TLSv1.2"], Supported(scan));
        foreach (var (name, version) in new[] { ("TLSv1.2", TlsVersion.Tls12), ("TLSv1.1", TlsVersion.Tls11), ("TLSv1.0", TlsVersion.Tls10) })
        {
            Assert.Equal(Usable(expanded, version, "rsa"), Suites(scan, name));
            Assert.True(Protocol(scan, name).ServerOrder, name);
        }
        Assert.Equal([Group("x25519"), Group("secp256r1"), Group("secp384r1")], scan.Groups.Select(g => g.Value));
        Assert.Equal("RSA", Assert.Single(scan.Certificates).KeyType);
        // Offer-and-remove: 12 + 4 + 4 suites cost 23 probes; the budget for this server is 35. Counted as distinct hellos,
        // since a retry on a busy machine repeats a question without asking a new one.
        Assert.InRange(Probes(forwarder.Hellos).Count, 23, 35);
        // Identify recognises the policy the server was configured with.
        Assert.Contains(ScanObservation.Identify(scan), m => m.Exact && m.Name == "ELBSecurityPolicy-2016-08");
    }

    [Fact]
    public async Task Haproxy_ecdsa_only_reports_x25519_and_every_group_through_tls13()
    {
        await using var server = await HaproxyServer.StartAsync([TestCertificates.Ecdsa],
            $"ciphers {Elb2016}:@SECLEVEL=0 ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384 ssl-min-ver TLSv1.0 curves X25519:P-256:P-384");
        var scan = await ScanAsync(server);
        var expanded = await ExpandAsync(Elb2016 + ":@SECLEVEL=0");
        Assert.Equal(["TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"], Supported(scan));
        Assert.Equal(Usable(expanded, TlsVersion.Tls12, "ecdsa"), Suites(scan, "TLSv1.2"));
        Assert.Equal(Usable(expanded, TlsVersion.Tls10, "ecdsa"), Suites(scan, "TLSv1.0"));
        Assert.Equal([Code("TLS_AES_128_GCM_SHA256"), Code("TLS_AES_256_GCM_SHA384")], Suites(scan, "TLSv1.3"));
        Assert.Equal([Group("x25519"), Group("secp256r1"), Group("secp384r1")], scan.Groups.Select(g => g.Value));
        Assert.Contains("TLSv1.2", scan.Groups.Single(g => g.Name == "x25519").Protocols);
        Assert.Equal("EC", Assert.Single(scan.Certificates).KeyType);
    }

    [Fact]
    public async Task Haproxy_with_rsa_and_ecdsa_certificates_gives_every_suite_and_both_certificates()
    {
        await using var server = await HaproxyServer.StartAsync([TestCertificates.Rsa, TestCertificates.Ecdsa],
            $"ciphers {Elb2016}:@SECLEVEL=0 ssl-min-ver TLSv1.0 ssl-max-ver TLSv1.2");
        var scan = await ScanAsync(server);
        // Ground truth: one `openssl s_client -tls1_x -cipher X` per suite and protocol.
        foreach (var (name, flag) in new[] { ("TLSv1.2", "-tls1_2"), ("TLSv1.1", "-tls1_1"), ("TLSv1.0", "-tls1") })
        {
            var accepted = new List<ushort>();
            foreach (var suite in (await ExpandAsync(Elb2016 + ":@SECLEVEL=0")).Where(c => !CipherSuites.Find(c)!.IsTls13))
            {
                var name2 = CipherSuites.Find(suite)!.OpenSslName!;
                var result = await ProcessRunner.RunAsync("openssl", ["s_client", "-connect", server.Endpoint, "-servername", "localhost", flag,
                    "-cipher", name2 + ":@SECLEVEL=0"], TimeSpan.FromSeconds(10), standardInput: "");
                if (result.Output.Contains($"Cipher is {name2}")) accepted.Add(suite);
            }
            Assert.True(accepted.Count > 0, name);
            Assert.Equal(accepted.Order(), Suites(scan, name).Order());
        }
        Assert.Equal(18, Suites(scan, "TLSv1.2").Count);
        Assert.Equal(["EC", "RSA"], scan.Certificates.Select(c => c.KeyType).Order());
    }

    [Fact]
    public async Task Nginx_configuration_is_found_exactly()
    {
        const string ciphers = "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA";
        await using var server = await NginxServer.StartAsync([TestCertificates.Rsa],
            $"ssl_protocols TLSv1.2 TLSv1.3; ssl_ciphers {ciphers}; ssl_prefer_server_ciphers on; ssl_ecdh_curve secp384r1:X25519; " +
            "ssl_conf_command Ciphersuites TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256;");
        var scan = await ScanAsync(server);
        Assert.Equal(["TLSv1.2", "TLSv1.3"], Supported(scan));
        Assert.Equal(Usable(await ExpandAsync(ciphers), TlsVersion.Tls12, "rsa"), Suites(scan, "TLSv1.2"));
        Assert.True(Protocol(scan, "TLSv1.2").ServerOrder);
        Assert.Equal([Code("TLS_AES_256_GCM_SHA384"), Code("TLS_AES_128_GCM_SHA256")], Suites(scan, "TLSv1.3"));
        Assert.Equal([Group("secp384r1"), Group("x25519")], scan.Groups.Select(g => g.Value));
    }
}
