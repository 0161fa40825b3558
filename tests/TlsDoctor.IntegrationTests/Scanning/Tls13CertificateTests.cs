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
