using System.Text.RegularExpressions;
using TlsDoctor.IntegrationTests.Servers;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using static TlsDoctor.IntegrationTests.Scanning.ScanHelper;

namespace TlsDoctor.IntegrationTests.Scanning;

/// <summary>
/// Peer check: on the same servers, every suite sslscan reports is found by the scan. Where the scan finds
/// more, each extra suite is explained (sslscan's OpenSSL cannot offer it, or sslscan misses the second
/// certificate type of a dual-certificate listener).
/// </summary>
public partial class SslscanPeerTests
{
    [GeneratedRegex(@"^(Preferred|Accepted)\s+(\S+)\s+\d+ bits\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex AcceptedLine();

    private static async Task<List<(string Protocol, ushort Suite)>> SslscanAsync(ServerProcess server)
    {
        ToolCheck.Require("sslscan");
        var result = await ProcessRunner.RunAsync("sslscan", ["--no-colour", "--sni-name=localhost", server.Endpoint], TimeSpan.FromSeconds(60));
        var list = new List<(string, ushort)>();
        foreach (Match m in AcceptedLine().Matches(result.StandardOutput))
        {
            var protocol = m.Groups[2].Value;
            var suite = CipherSuites.Find(m.Groups[3].Value);
            Assert.True(suite is not null, $"sslscan reported a suite the registry does not know: {m.Value}");
            list.Add((protocol, suite!.Code));
        }
        Assert.NotEmpty(list);
        return list;
    }

    [Fact]
    public async Task Every_suite_sslscan_finds_on_openssl_is_found()
    {
        await using var server = await OpenSslServer.StartAsync(CertificateKind.Rsa, "-serverpref", "-cipher", "ALL:@SECLEVEL=0");
        var peer = await SslscanAsync(server);
        var scan = await ScanAsync(server);
        foreach (var (protocol, suite) in peer)
            Assert.True(Suites(scan, protocol).Contains(suite), $"{protocol} {CipherSuites.Describe(suite)} found by sslscan but not by the scan");
        // Anything more must be a suite that this machine's OpenSSL (which sslscan uses) cannot offer.
        var opensslCan = (await ExpandAsync("ALL:COMPLEMENTOFALL:@SECLEVEL=0")).ToHashSet();
        foreach (var p in scan.Protocols.Where(p => p.Supported && p.Name != "SSLv2"))
            foreach (var c in p.Ciphers.Where(c => !peer.Contains((p.Name, c.Value))))
                Assert.False(opensslCan.Contains(c.Value), $"{p.Name} {c.Iana}: found by the scan only, though sslscan's OpenSSL can offer it");
    }

    [Fact]
    public async Task Every_suite_sslscan_finds_on_a_dual_certificate_haproxy_is_found_and_more()
    {
        await using var server = await HaproxyServer.StartAsync([TestCertificates.Rsa, TestCertificates.Ecdsa],
            $"ciphers {RealServerScanTests.Elb2016}:@SECLEVEL=0 ssl-min-ver TLSv1.0 ssl-max-ver TLSv1.2");
        var peer = await SslscanAsync(server);
        var scan = await ScanAsync(server);
        foreach (var (protocol, suite) in peer)
            Assert.True(Suites(scan, protocol).Contains(suite), $"{protocol} {CipherSuites.Describe(suite)} found by sslscan but not by the scan");
        // sslscan offers every signature algorithm, so haproxy always picks the ECDSA certificate in TLS 1.2 and
        // sslscan never sees the RSA suites: they are the difference.
        var extra = Suites(scan, "TLSv1.2").Where(s => !peer.Contains(("TLSv1.2", s))).ToList();
        Assert.NotEmpty(extra);
        Assert.All(extra, s => Assert.Equal(TlsDoctor.Negotiation.CertificateKind.Rsa, TlsDoctor.Scanning.CertificateKinds.OfSuite(s)));
    }
}
