using System.Diagnostics;
using System.Text.Json;
using TlsDoctor.Cli;
using TlsDoctor.IntegrationTests.Servers;

namespace TlsDoctor.IntegrationTests.Scanning;

/// <summary>
/// scan, probe, identify and diagnose against hostile servers over real sockets (<see cref="HostileServer"/>): one that
/// stops answering after N connections, one that selects a suite never offered, one that selects a TLS 1.3 suite in a
/// TLS 1.2 ServerHello, one that never accepts. Never exit 70; every run ends within its deadlines.
/// </summary>
public class HostileServerTests
{
    /// <summary>The deadline where the server makes the scan wait for it (short, so that the tests are quick).</summary>
    private const int TimeoutSeconds = 1;
    private static readonly string Timeout = TimeoutSeconds.ToString();
    /// <summary>The deadline where the server answers at once: long, so that a busy machine never makes an answer late.</summary>
    private const string Patient = "20";
    /// <summary>Never accepting: one deadline must be told from two on a busy machine, whose scheduling delays are far below it.</summary>
    private const int ConnectSeconds = 4;

    private static (int Exit, string Out, string Err, TimeSpan Elapsed) Run(params string[] args)
    {
        var watch = Stopwatch.StartNew();
        var (exit, stdout, stderr) = CliRunner.Run(args);
        return (exit, stdout, stderr, watch.Elapsed);
    }

    /// <summary>
    /// The deadline bound of one scan: the answers in flight when the server stopped may each wait one deadline, after which
    /// nothing more is sent; the rest is the scan's own work on loopback (seconds even on a busy machine). Not a performance
    /// limit: a scan that waited a deadline per probe (dozens) would take far longer.
    /// </summary>
    private static void AssertWithinDeadlines(TimeSpan elapsed, int deadlines) =>
        Assert.True(elapsed < TimeSpan.FromSeconds(deadlines * TimeoutSeconds + 10), $"took {elapsed.TotalSeconds:F1} s");

    [Theory]
    [InlineData(15)]
    [InlineData(30)]
    public async Task Server_that_stops_answering_partway_gives_an_incomplete_scan_exit_3_and_no_exact_match(int passed)
    {
        await using var upstream = await HaproxyServer.StartAsync([TestCertificates.Rsa],
            $"ciphers {RealServerScanTests.Elb2016}:@SECLEVEL=0 ssl-min-ver TLSv1.0 ssl-max-ver TLSv1.2 curves X25519:P-256:P-384");
        using var hostile = HostileServer.SilentAfter(passed, upstream.Port);
        var r = Run("scan", hostile.Endpoint, "--sni", "localhost", "--timeout", Timeout, "--json");
        Assert.Equal(ExitCodes.Network, r.Exit);
        AssertWithinDeadlines(r.Elapsed, 3);
        using var doc = JsonDocument.Parse(r.Out);
        var root = doc.RootElement;
        Assert.False(root.TryGetProperty("failure", out _), r.Out);
        var incomplete = root.GetProperty("incomplete").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.NotEmpty(incomplete);
        // Protocols whose enumeration was cut short say why (the lost answers may also have been order or feature probes only).
        var undetermined = root.GetProperty("protocols").EnumerateArray().Where(p => !p.GetProperty("determined").GetBoolean()).ToList();
        Assert.All(undetermined, p => Assert.False(string.IsNullOrEmpty(p.GetProperty("incomplete").GetString())));
        Assert.All(undetermined, p => Assert.Contains(incomplete, i => i.StartsWith(p.GetProperty("name").GetString() + ": ")));
        Assert.DoesNotContain(root.GetProperty("policyMatches").EnumerateArray(), m => m.GetProperty("exact").GetBoolean());

        // Fewer connections pass the proxy than a complete scan needs, whatever the order of the probes: asked for, the partial
        // result exits as a complete one would (no finding reaches a threshold without --fail-on).
        using var again = HostileServer.SilentAfter(passed, upstream.Port);
        var partial = Run("scan", again.Endpoint, "--sni", "localhost", "--timeout", Timeout, "--partial-ok");
        Assert.Equal(ExitCodes.Ok, partial.Exit);
        Assert.Contains("incomplete", partial.Out);

        using var third = HostileServer.SilentAfter(passed, upstream.Port);
        var identify = Run("identify", "--target", third.Endpoint, "--timeout", Timeout, "--json");
        Assert.Equal(ExitCodes.Network, identify.Exit);
        Assert.Contains("incomplete", identify.Err);
        using var identified = JsonDocument.Parse(identify.Out);
        Assert.DoesNotContain(identified.RootElement.GetProperty("policyMatches").EnumerateArray(), m => m.GetProperty("exact").GetBoolean());
    }

    [Theory]
    [InlineData((ushort)0xFEFE, "which the client did not offer")]
    [InlineData((ushort)0x1301, "a TLS 1.3 suite")]
    public void Server_selecting_what_no_client_accepts_is_a_protocol_violation(ushort suite, string reason)
    {
        using var hostile = HostileServer.SelectingSuite(suite);
        var code = $"0x{suite:X4}";

        var scan = Run("scan", hostile.Endpoint, "--timeout", Patient, "--json");
        Assert.True(scan.Exit == ExitCodes.Findings, $"exit {scan.Exit}: {scan.Out}");
                using (var doc = JsonDocument.Parse(scan.Out))
        {
            var root = doc.RootElement;
            Assert.False(root.TryGetProperty("failure", out _), scan.Out);
            Assert.DoesNotContain(root.GetProperty("protocols").EnumerateArray().SelectMany(p => p.GetProperty("ciphers").EnumerateArray()),
                c => c.GetProperty("code").GetString() == code);
            var findings = root.GetProperty("findings").EnumerateArray().ToList();
            Assert.Contains(findings, f => f.GetProperty("id").GetString() == "protocol-violation" && f.GetProperty("text").GetString()!.Contains(reason));
            Assert.DoesNotContain(findings, f => f.GetProperty("id").GetString() is "des" or "null-cipher");
        }
        Assert.DoesNotContain("closed without an answer", Run("scan", hostile.Endpoint, "--timeout", Patient).Out.Split('\n').Where(l => !l.Contains("SSLv2")).Aggregate("", (a, b) => a + b));

        // One suite offered, not the one the server selects.
        var probe = Run("probe", hostile.Endpoint, "--protocol", "tls1.2", "--cipher", "ECDHE-RSA-AES128-GCM-SHA256", "--timeout", Patient, "--json");
        Assert.Equal(ExitCodes.Findings, probe.Exit);
        using (var doc = JsonDocument.Parse(probe.Out))
        {
            var failure = doc.RootElement.GetProperty("failure");
            Assert.Equal("protocolViolation", failure.GetProperty("kind").GetString());
            Assert.Contains(reason, failure.GetProperty("message").GetString());
        }

        var diagnose = Run("diagnose", hostile.Endpoint, "--client", "firefox-137-win11", "--policy", "ELBSecurityPolicy-TLS13-1-2-2021-06", "--timeout", Patient, "--json");
        Assert.NotEqual(ExitCodes.Internal, diagnose.Exit);
        Assert.Equal(ExitCodes.Findings, diagnose.Exit);
        Assert.Contains("protocol violation", diagnose.Out);
    }

    [Fact]
    public void Listener_that_never_accepts_ends_every_command_after_one_connect_deadline()
    {
        using var hostile = HostileServer.NeverAccepting();
        var scan = Run("scan", hostile.Endpoint, "--timeout", ConnectSeconds.ToString(), "--json");
        Assert.Equal(ExitCodes.Network, scan.Exit);
        using (var doc = JsonDocument.Parse(scan.Out))
        {
            var failure = doc.RootElement.GetProperty("failure");
            Assert.Equal("timeout", failure.GetProperty("kind").GetString());
            Assert.Equal("connect", failure.GetProperty("stage").GetString());
            Assert.Equal(ConnectSeconds * 1000, failure.GetProperty("afterMs").GetInt32());
            // One connect deadline, not one for the connections opened ahead and another for the hello's own. The lower
            // bound allows the timer's granularity (a deadline may fire a millisecond before the stopwatch reaches it).
            Assert.InRange(doc.RootElement.GetProperty("stats").GetProperty("durationMs").GetInt64(), ConnectSeconds * 1000 - 50, 2 * ConnectSeconds * 1000 - 1);
        }
        foreach (var args in new[]
        {
            new[] { "identify", "--target", hostile.Endpoint, "--timeout", ConnectSeconds.ToString() },
            new[] { "probe", hostile.Endpoint, "--timeout", ConnectSeconds.ToString() },
            new[] { "diagnose", hostile.Endpoint, "--client", "firefox-137-win11", "--timeout", ConnectSeconds.ToString() },
        })
        {
            var r = Run(args);
            Assert.Equal(ExitCodes.Network, r.Exit);
            Assert.True(r.Elapsed < TimeSpan.FromSeconds(2 * ConnectSeconds), $"{string.Join(' ', args)}: {r.Elapsed.TotalSeconds:F1} s");
        }
    }
}
