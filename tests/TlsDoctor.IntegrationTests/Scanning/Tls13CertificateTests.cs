using System.Security.Cryptography;
using TlsDoctor.IntegrationTests.Servers;
using TlsDoctor.Scanning;
using static TlsDoctor.IntegrationTests.Scanning.ScanHelper;

namespace TlsDoctor.IntegrationTests.Scanning;

/// <summary>
/// TLS 1.3-only servers holding an RSA and an ECDSA certificate: the encrypted Certificate message is read once per key type
/// (signature_algorithms restricted to that type's schemes). Ground truth: the certificate files the server was started with,
/// and its configured suites and groups (which the certificate handshakes must not disturb).
/// </summary>
public class Tls13CertificateTests
{
    private static string Fingerprint(CertificateFiles files) => Convert.ToHexStringLower(SHA256.HashData(files.Certificate.RawData));

    private static void AssertBothCertificates(ScanResult scan)
    {
        Assert.Equal(2, scan.Certificates.Count);
        var rsa = Assert.Single(scan.Certificates, c => c.PresentedFor == "RSA");
        var ecdsa = Assert.Single(scan.Certificates, c => c.PresentedFor == "ECDSA");
        Assert.Equal(Fingerprint(TestCertificates.Rsa), rsa.Sha256Fingerprint);
        Assert.Equal("RSA", rsa.KeyType);
        Assert.Equal(Fingerprint(TestCertificates.Ecdsa), ecdsa.Sha256Fingerprint);
        Assert.Equal("EC", ecdsa.KeyType);
        Assert.DoesNotContain(scan.Notes, n => n.StartsWith("certificates:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Openssl_tls13_only_with_rsa_and_ecdsa_reports_both_certificates()
    {
        await using var server = await OpenSslServer.StartAsync([TestCertificates.Rsa, TestCertificates.Ecdsa], "-tls1_3",
            "-ciphersuites", "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256", "-groups", "secp384r1:x25519");
        var scan = await ScanAsync(server);

        Assert.Null(scan.Failure);
        Assert.Equal(["TLSv1.3"], Supported(scan));
        AssertBothCertificates(scan);
        Assert.Equal([Code("TLS_AES_256_GCM_SHA384"), Code("TLS_CHACHA20_POLY1305_SHA256")], Suites(scan, "TLSv1.3").Order());
        Assert.Equal(new[] { Group("x25519"), Group("secp384r1") }.Order(), scan.Groups.Select(g => g.Value).Order());
        Assert.All(scan.Groups, g => Assert.Equal(["TLSv1.3"], g.Protocols));
        // signatureAlgorithms keeps its meaning: schemes seen signing a TLS 1.2 ServerKeyExchange (none here).
        Assert.Empty(scan.SignatureAlgorithms);
    }

    [Fact]
    public async Task Haproxy_tls13_only_with_two_crt_reports_both_certificates()
    {
        await using var server = await HaproxyServer.StartAsync([TestCertificates.Rsa, TestCertificates.Ecdsa],
            "ssl-min-ver TLSv1.3 ciphersuites TLS_AES_128_GCM_SHA256 curves P-256");
        var scan = await ScanAsync(server);

        Assert.Equal(["TLSv1.3"], Supported(scan));
        AssertBothCertificates(scan);
        Assert.Equal([Code("TLS_AES_128_GCM_SHA256")], Suites(scan, "TLSv1.3"));
        Assert.Equal([Group("secp256r1")], scan.Groups.Select(g => g.Value));
    }

    /// <summary>
    /// TLS 1.2 restricted to RSA suites hides the ECDSA certificate from every TLS 1.2 handshake; TLS 1.3 (any certificate
    /// with any suite) still serves it: the one TLS 1.3 hello asking for ECDSA finds it. RSA, shown by TLS 1.2, costs none.
    /// </summary>
    [Fact]
    public async Task Certificate_type_only_tls13_serves_is_found_beside_tls12()
    {
        await using var server = await HaproxyServer.StartAsync([TestCertificates.Rsa, TestCertificates.Ecdsa],
            "ciphers ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA ssl-min-ver TLSv1.2 ciphersuites TLS_AES_128_GCM_SHA256 curves X25519");
        var scan = await ScanAsync(server);

        Assert.Equal(["TLSv1.2", "TLSv1.3"], Supported(scan));
        Assert.Equal([Code("ECDHE-RSA-AES128-GCM-SHA256"), Code("AES128-SHA")], Suites(scan, "TLSv1.2"));
        AssertBothCertificates(scan);
    }

    /// <summary>
    /// The encrypted flight is read for every TLS 1.3 suite and the groups this client computes that OpenSSL 3.0 serves (not the
    /// brainpool TLS 1.3 groups, which it lacks: those are checked by agreement in the unit tests): the server is configured with
    /// exactly one of each, so the flight shows that suite and group, the configured certificate, and a CertificateVerify by the
    /// P-256 key (ecdsa_secp256r1_sha256, the only scheme a P-256 key signs with in TLS 1.3, RFC 8446 section 4.2.3).
    /// </summary>
    [Theory]
    [InlineData("TLS_AES_128_GCM_SHA256", "P-256", 0x1301, 0x0017)]
    [InlineData("TLS_AES_256_GCM_SHA384", "P-384", 0x1302, 0x0018)]
    [InlineData("TLS_CHACHA20_POLY1305_SHA256", "X25519", 0x1303, 0x001D)]
    [InlineData("TLS_AES_128_CCM_SHA256", "P-521", 0x1304, 0x0019)]
    [InlineData("TLS_AES_128_CCM_8_SHA256", "X448", 0x1305, 0x001E)]
    [InlineData("TLS_AES_256_GCM_SHA384", "ffdhe2048", 0x1302, 0x0100)]
    public async Task Encrypted_flight_is_read_for_every_suite_and_group(string suite, string group, int suiteCode, int groupCode)
    {
        await using var server = await OpenSslServer.StartAsync([TestCertificates.Ecdsa], "-tls1_3", "-ciphersuites", suite, "-groups", group);
        var connector = new Connector(StageTimeouts.Uniform(TimeSpan.FromSeconds(5)));
        using var prober = new RawHandshakeProber(connector, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, server.Port));
        var flight = await prober.ProbeTls13FlightAsync(new HelloSpec
        {
            Version = TlsDoctor.Registry.TlsVersion.Tls13,
            CipherSuites = Tls13FlightReader.Suites,
            Groups = Tls13FlightReader.KeyExchangeGroups,
            KeyShareGroups = Tls13FlightReader.KeyExchangeGroups,
            SignatureAlgorithms = ScanCandidates.SignatureAlgorithms,
            ServerName = "localhost",
        }, default);

        Assert.Null(flight.Failure);
        Assert.Equal(suiteCode, flight.CipherSuite);
        Assert.Equal((ushort)groupCode, flight.Group);
        Assert.Equal(TestCertificates.Ecdsa.Certificate.RawData, Assert.Single(flight.Certificates));
        Assert.Equal((ushort)0x0403, flight.SignatureScheme);
    }

    [Fact]
    public async Task Tls13_only_ecdsa_server_reports_one_certificate_for_its_type()
    {
        await using var server = await OpenSslServer.StartAsync([TestCertificates.Ecdsa], "-tls1_3", "-groups", "x25519");
        var scan = await ScanAsync(server);

        Assert.Equal(["TLSv1.3"], Supported(scan));
        var certificate = Assert.Single(scan.Certificates);
        Assert.Equal("ECDSA", certificate.PresentedFor);
        Assert.Equal(Fingerprint(TestCertificates.Ecdsa), certificate.Sha256Fingerprint);
    }
}
