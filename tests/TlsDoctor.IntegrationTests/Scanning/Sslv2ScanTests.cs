using System.Security.Cryptography;
using System.Text.Json;
using TlsDoctor.Cli;
using TlsDoctor.IntegrationTests.Servers;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using static TlsDoctor.IntegrationTests.Scanning.ScanHelper;

namespace TlsDoctor.IntegrationTests.Scanning;

/// <summary>
/// SSL 2.0 in the scan: the cipher kinds of the SERVER-HELLO and its certificate. Ground truth: the kinds and the certificate
/// the in-test SSLv2 server was configured with; names and key bits as draft-hickman-netscape-ssl-00 appendix C defines them.
/// </summary>
public class Sslv2ScanTests
{
    /// <summary>Configured kinds, in the server's order, with the spec's names and effective key bits.</summary>
    private static readonly (uint Kind, string Code, string Name, string OpenSsl, int Bits)[] Kinds =
    [
        (0x0700C0, "0x0700C0", "SSL_CK_DES_192_EDE3_CBC_WITH_MD5", "DES-CBC3-MD5", 168),
        (0x010080, "0x010080", "SSL_CK_RC4_128_WITH_MD5", "RC4-MD5", 128),
        (0x060040, "0x060040", "SSL_CK_DES_64_CBC_WITH_MD5", "DES-CBC-MD5", 56),
        (0x020080, "0x020080", "SSL_CK_RC4_128_EXPORT40_WITH_MD5", "EXP-RC4-MD5", 40),
    ];

    private static (int Exit, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public async Task Sslv2_only_server_lists_its_cipher_kinds_and_certificate()
    {
        var certificate = TestCertificates.Rsa.Certificate.RawData;
        await using var server = new Sslv2TestServer(certificate, Kinds.Select(k => k.Kind).ToList());

        var r = Run("scan", server.Endpoint, "--sni", "localhost", "--json");
        using var doc = JsonDocument.Parse(r.Out);
        var root = doc.RootElement;
        var sslv2 = root.GetProperty("protocols").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "SSLv2");
        Assert.True(sslv2.GetProperty("supported").GetBoolean());
        var ciphers = sslv2.GetProperty("ciphers").EnumerateArray().ToList();
        Assert.Equal(Kinds.Select(k => k.Code), ciphers.Select(c => c.GetProperty("code").GetString()));
        Assert.Equal(Kinds.Select(k => k.Name), ciphers.Select(c => c.GetProperty("iana").GetString()));
        Assert.Equal(Kinds.Select(k => k.OpenSsl), ciphers.Select(c => c.GetProperty("openssl").GetString()));
        Assert.Equal(Kinds.Select(k => k.Bits), ciphers.Select(c => c.GetProperty("bits").GetInt32()));
        Assert.All(ciphers, c => Assert.Equal("insecure", c.GetProperty("rating").GetString()));
        Assert.All(root.GetProperty("protocols").EnumerateArray().Where(p => p.GetProperty("name").GetString() != "SSLv2"),
            p => Assert.False(p.GetProperty("supported").GetBoolean()));

        var cert = Assert.Single(root.GetProperty("certificates").EnumerateArray());
        Assert.Equal("SSLv2", cert.GetProperty("presentedFor").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(certificate)), cert.GetProperty("sha256Fingerprint").GetString());
        var finding = root.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "sslv2");
        Assert.Equal("critical", finding.GetProperty("severity").GetString());
        // No SSL 2.0 kind leaks into the TLS findings as if it were a TLS suite (code 0 is TLS_NULL_WITH_NULL_NULL).
        Assert.DoesNotContain(root.GetProperty("findings").EnumerateArray(), f => f.GetProperty("id").GetString() == "null-cipher");

        // The CLIENT-HELLO offered every kind of the registry, framed as the spec says (version 2, a 16-byte challenge).
        var hello = Assert.Single(server.ClientHellos);
        Assert.Equal(0x0002, hello.Version);
        Assert.Equal(Sslv2CipherKinds.All.Select(k => k.Code).Order(), hello.CipherSpecs.Order());
        Assert.InRange(hello.ChallengeLength, 16, 32);

        // The text table lists the kinds too.
        var text = Run("scan", server.Endpoint, "--sni", "localhost").Out;
        Assert.Contains("SSLv2 cipher kinds", text);
        foreach (var k in Kinds) Assert.Contains(k.OpenSsl, text);
    }

    [Fact]
    public async Task Server_speaking_sslv2_and_tls12_reports_both_and_one_certificate()
    {
        const string ciphers = "ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA";
        await using var tls = await OpenSslServer.StartAsync(CertificateKind.Rsa, "-tls1_2", "-serverpref", "-cipher", ciphers);
        var certificate = TestCertificates.Rsa.Certificate.RawData;
        uint[] kinds = [0x010080, 0x0700C0];
        await using var server = new Sslv2TestServer(certificate, kinds, tls.Port);
        Assert.True(TlsDoctor.Scanning.ScanTarget.TryParse(server.Endpoint, out var target, out var error, sni: "localhost"), error);
        var engine = new TlsDoctor.Scanning.ScanEngine(new TlsDoctor.Scanning.ScanOptions { Timeouts = TlsDoctor.Scanning.StageTimeouts.Uniform(TimeSpan.FromSeconds(5)) });
        using var global = new SemaphoreSlim(64);
        var scan = await engine.ScanOneAsync(target, global, default);

        Assert.Equal(["SSLv2", "TLSv1.2"], Supported(scan));
        Assert.Equal(kinds, Protocol(scan, "SSLv2").Ciphers.Select(c => c.Sslv2Kind!.Value));
        Assert.Equal(Usable(await ExpandAsync(ciphers), TlsVersion.Tls12, "rsa"), Suites(scan, "TLSv1.2"));
        // The SSLv2 certificate is the TLS one: listed once.
        var cert = Assert.Single(scan.Certificates);
        Assert.Equal("RSA", cert.PresentedFor);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(certificate)), cert.Sha256Fingerprint);
        // What Identify compares holds the TLS suites only: SSL 2.0 kinds are not TLS suites.
        Assert.Equal(Suites(scan, "TLSv1.2"), TlsDoctor.Scanning.ScanObservation.From(scan)!.CipherSuites);
    }
}
