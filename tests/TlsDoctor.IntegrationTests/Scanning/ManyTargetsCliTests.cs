using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using TlsDoctor.Cli;
using TlsDoctor.IntegrationTests.Servers;
using Xunit.Abstractions;

namespace TlsDoctor.IntegrationTests.Scanning;

/// <summary>`scan -f` over several targets: one JSON document per line, written as each target finishes.</summary>
public sealed class ManyTargetsCliTests(ITestOutputHelper output)
{
    /// <summary>Standard output that notes when each line was written.</summary>
    private sealed class TimedWriter(Stopwatch clock) : StringWriter
    {
        public List<(TimeSpan At, string Line)> Lines { get; } = [];

        public override void WriteLine(string? value)
        {
            lock (Lines) Lines.Add((clock.Elapsed, value ?? ""));
            base.WriteLine(value);
        }
    }

    [Fact]
    public async Task Json_lines_are_written_as_each_target_finishes_and_the_exit_code_is_the_worst()
    {
        // Ground truth: haproxy offers TLS 1.2 and 1.3 only, and one TLS 1.2 suite.
        await using var server = await HaproxyServer.StartAsync([TestCertificates.Rsa],
            "ciphers ECDHE-RSA-AES128-GCM-SHA256 ssl-min-ver TLSv1.2 curves X25519");
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(16);
        var silentPort = ((IPEndPoint)silent.LocalEndpoint).Port;
        var file = Path.GetTempFileName();
        File.WriteAllLines(file, [$"127.0.0.1:{silentPort}", .. Enumerable.Repeat(server.Endpoint, 4)]);
        var clock = Stopwatch.StartNew();
        var stdout = new TimedWriter(clock);
        int exit;
        var stderr = new StringWriter();
        try { exit = CommandLineApp.Run(["scan", "-f", file, "--sni", "localhost", "--json", "--timeout", "3"], stdout, stderr); }
        finally { File.Delete(file); }

        Assert.True(exit == ExitCodes.Network, $"exit {exit}: {stderr}\n{stdout}");
        Assert.Equal(5, stdout.Lines.Count);
        Assert.Equal(5, stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var documents = stdout.Lines.Select(l => (l.At, Json: JsonDocument.Parse(l.Line))).ToList();
        var (silentAt, silentDoc) = documents.Single(d => d.Json.RootElement.GetProperty("target").GetProperty("port").GetInt32() == silentPort);
        var failure = silentDoc.RootElement.GetProperty("failure");
        Assert.Equal("timeout", failure.GetProperty("kind").GetString());
        Assert.Equal("firstByte", failure.GetProperty("stage").GetString());
        Assert.Equal(3000, failure.GetProperty("afterMs").GetInt32());
        // Its 3 s deadline, less the timer's granularity (timers count whole milliseconds; this clock counts ticks).
        Assert.True(silentAt >= TimeSpan.FromSeconds(3) - TimeSpan.FromMilliseconds(20), $"the silent target ended after {silentAt}");

        var served = documents.Where(d => d.Json.RootElement.GetProperty("target").GetProperty("port").GetInt32() == server.Port).ToList();
        Assert.Equal(4, served.Count);
        foreach (var (at, doc) in served)
        {
            // Written as soon as that target was done, not held back until the slowest target of the run ended.
            Assert.True(at < silentAt, $"a finished target was written at {at}, the silent one at {silentAt}");
            var protocols = doc.RootElement.GetProperty("protocols").EnumerateArray()
                .ToDictionary(p => p.GetProperty("name").GetString()!, p => p);
            Assert.Equal(["TLSv1.2", "TLSv1.3"], protocols.Where(p => p.Value.GetProperty("supported").GetBoolean()).Select(p => p.Key));
            Assert.Equal(["0xC02F"], protocols["TLSv1.2"].GetProperty("ciphers").EnumerateArray().Select(c => c.GetProperty("code").GetString()));
        }
        foreach (var d in documents) d.Json.Dispose();
    }

    [Fact]
    public async Task Connection_limits_hold_over_many_targets_of_a_real_server()
    {
        const int global = 9, perEndpoint = 6;
        await using var server = await HaproxyServer.StartAsync([TestCertificates.Rsa],
            "ciphers ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA ssl-min-ver TLSv1.2 curves X25519");
        var all = new ConnectionTally();
        var upstream = new IPEndPoint(IPAddress.Loopback, server.Port);
        var forwarders = Enumerable.Range(0, 6).Select(_ => new CountingForwarder(upstream, all)).ToList();
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file, forwarders.Select(f => $"127.0.0.1:{f.Port}"));
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var exit = CommandLineApp.Run(["scan", "-f", file, "--sni", "localhost", "--json",
                "--concurrency", $"{global}", "--per-endpoint", $"{perEndpoint}"], stdout, stderr);

            Assert.True(exit == ExitCodes.Ok, $"exit {exit}: {stderr}\n{stdout}");
            var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(forwarders.Count, lines.Length);
            foreach (var line in lines)
            {
                using var doc = JsonDocument.Parse(line);
                var protocols = doc.RootElement.GetProperty("protocols").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p);
                Assert.Equal(["TLSv1.2", "TLSv1.3"], protocols.Where(p => p.Value.GetProperty("supported").GetBoolean()).Select(p => p.Key));
                Assert.Equal(["0x002F", "0xC02F"], protocols["TLSv1.2"].GetProperty("ciphers").EnumerateArray().Select(c => c.GetProperty("code").GetString()).Order());
            }
            output.WriteLine($"per forwarder: {string.Join("; ", forwarders.Select(f => f.Open))}; over all: {all}");
            Assert.All(forwarders, f => Assert.True(f.Open.Max is >= 1 and <= perEndpoint, $"one forwarder: {f.Open}"));
            Assert.True(all.Max is >= 1 and <= global, $"over all: {all}");
            // Several endpoints were scanned at once, so the global limit, not only the per-endpoint one, was what held.
            Assert.True(all.Max > perEndpoint, $"at most {all.Max} connections at once: {all}");
        }
        finally
        {
            File.Delete(file);
            foreach (var f in forwarders) f.Dispose();
        }
    }
}
