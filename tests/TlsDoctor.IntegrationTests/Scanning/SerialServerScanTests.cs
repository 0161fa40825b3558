using TlsDoctor.IntegrationTests.Servers;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using static TlsDoctor.IntegrationTests.Scanning.ScanHelper;

namespace TlsDoctor.IntegrationTests.Scanning;

/// <summary>
/// openssl s_server serves one connection at a time, in the order they were opened: connections opened ahead of their
/// hellos must never hold it while a hello waits on a newer one (that cost a 5 s timeout and the suites of the chain it hit,
/// in about one scan in six, before connections were handed out oldest first and idle ones closed when an answer is late).
/// </summary>
public class SerialServerScanTests
{
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Repeated_scans_of_a_serial_server_all_find_everything_without_a_timeout()
    {
        const string ciphers = "DEFAULT:!PSK:!SRP";
        await using var server = await OpenSslServer.StartAsync(CertificateKind.Rsa, "-cipher", ciphers);
        var defaults = await ExpandAsync(ciphers);
        var expected = Usable(defaults, TlsVersion.Tls12, "rsa").Order().ToList();
        var expected13 = defaults.Where(c => CipherSuites.Find(c) is { IsTls13: true }).Order().ToList();
        for (var run = 0; run < 12; run++)
        {
            // A probe that waits out its timeout makes the scan last at least that long; the timeout is far above what a scan
            // takes on a busy machine, so only a stall reaches it.
            var scan = await ScanAsync(server, timeout: StallTimeout);
            Assert.Null(scan.Failure);
            Assert.True(scan.Stats.DurationMs < StallTimeout.TotalMilliseconds, $"run {run}: {scan.Stats.DurationMs} ms, a probe waited out a timeout");
            Assert.Equal(expected, scan.Protocols.Single(p => p.Name == "TLSv1.2").Ciphers.Select(c => c.Value).Order().ToList());
            Assert.Equal(expected13, scan.Protocols.Single(p => p.Name == "TLSv1.3").Ciphers.Select(c => c.Value).Order().ToList());
        }
    }
}
