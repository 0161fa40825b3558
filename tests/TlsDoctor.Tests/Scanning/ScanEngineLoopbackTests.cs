using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using TlsDoctor.Scanning;

namespace TlsDoctor.Tests.Scanning;

/// <summary>
/// Whole scans (engine, endpoint scanner, raw prober, connection pool) against loopback peers: deadlines on a fake
/// clock, results streamed as endpoints finish, and the global and per-endpoint connection limits counted on the servers.
/// </summary>
public sealed class ScanEngineLoopbackTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    /// <summary>A fatal handshake_failure alert record (RFC 8446 section 6): what a server sends when it shares nothing with a hello.</summary>
    private static readonly byte[] HandshakeFailureAlert = [0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28];

    private static ScanTarget Target(LoopbackPeer peer)
    {
        Assert.True(ScanTarget.TryParse($"127.0.0.1:{peer.EndPoint.Port}", out var target, out var message), message);
        return target!;
    }

    private static async Task<List<ScanResult>> CollectAsync(IAsyncEnumerable<ScanResult> results, List<ScanResult> into)
    {
        await foreach (var r in results) lock (into) into.Add(r);
        return into;
    }

    [Fact]
    public async Task Silent_endpoints_end_after_one_first_byte_timeout_each_not_one_per_probe()
    {
        using var a = new LoopbackPeer();
        using var b = new LoopbackPeer();
        using var c = new LoopbackPeer();
        var time = new FakeTimeProvider();
        var engine = new ScanEngine(new ScanOptions { Timeouts = ConnectorDeadlineTests.Timeouts, Time = time });
        var results = new List<ScanResult>();
        var run = CollectAsync(engine.ScanAsync([Target(a), Target(b), Target(c)], progress: null), results);
        foreach (var peer in new[] { a, b, c }) await peer.WaitForRequestsAsync(1);

        time.Advance(ConnectorDeadlineTests.Timeouts.FirstByte - Tick);
        await ConnectorDeadlineTests.AssertPendingAsync(run, "the scan");
        lock (results) Assert.Empty(results);
        time.Advance(Tick);

        await ConnectorDeadlineTests.EndsAsync(run);
        Assert.Equal(3, results.Count);
        foreach (var result in results)
        {
            var timeout = Assert.IsType<ProbeFailure.Timeout>(result.Failure);
            Assert.Equal(ProbeStage.FirstByte, timeout.Stage);
            Assert.Equal((long)ConnectorDeadlineTests.Timeouts.FirstByte.TotalMilliseconds, result.Stats.DurationMs);
        }
        // One hello per endpoint: the first probe's timeout ends the endpoint, the probes that would follow are never sent.
        Assert.All(new[] { a, b, c }, p => Assert.Equal(1, p.Requests));
    }

    [Fact]
    public async Task Results_stream_as_endpoints_finish_without_waiting_for_a_slow_one()
    {
        using var silent = new LoopbackPeer();
        using var refusing = new LoopbackPeer(async (s, ct) => await s.SendAsync(HandshakeFailureAlert, SocketFlags.None, ct));
        var time = new FakeTimeProvider();
        var engine = new ScanEngine(new ScanOptions { Timeouts = ConnectorDeadlineTests.Timeouts, Time = time });
        var results = engine.ScanAsync([Target(silent), Target(refusing)], progress: null).GetAsyncEnumerator();

        // The clock has not moved: the refusing endpoint's result comes while the silent one still waits for its deadline.
        Assert.True(await results.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(refusing.EndPoint.Port, results.Current.Target.Port);
        Assert.IsType<ProbeFailure.Alert>(results.Current.Failure);

        await silent.WaitForRequestsAsync(1);
        var next = results.MoveNextAsync().AsTask();
        await ConnectorDeadlineTests.AssertPendingAsync(next, "the silent endpoint");
        time.Advance(ConnectorDeadlineTests.Timeouts.FirstByte);
        Assert.True(await ConnectorDeadlineTests.EndsAsync(next));
        Assert.Equal(silent.EndPoint.Port, results.Current.Target.Port);
        Assert.False(await results.MoveNextAsync());
        await results.DisposeAsync();
    }

    [Fact]
    public async Task Global_and_per_endpoint_connection_limits_hold_on_the_servers()
    {
        const int global = 9, perEndpoint = 6;
        var all = new ConnectionTally();
        // Every hello is refused after a few milliseconds, so that connections overlap; each endpoint still gets a whole
        // scan (every protocol, SSLv2, TLS 1.3) with connections opened ahead.
        var peers = Enumerable.Range(0, 6).Select(_ => new LoopbackPeer(async (s, ct) =>
        {
            await Task.Delay(3, ct);
            await s.SendAsync(HandshakeFailureAlert, SocketFlags.None, ct);
        }, all)).ToList();
        try
        {
            var engine = new ScanEngine(new ScanOptions { Concurrency = global, PerEndpointConcurrency = perEndpoint, Certificates = false });
            var results = await CollectAsync(engine.ScanAsync(peers.Select(Target).ToList(), progress: null), []).WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(peers.Count, results.Count);
            Assert.All(results, r => Assert.Equal(new ProbeFailure.Alert(2, 40), r.Failure));
            Assert.All(peers, p => Assert.True(p.Requests > 5, $"{p.Requests} hellos"));
            Assert.All(peers, p => Assert.True(p.Open.Max is >= 1 and <= perEndpoint, $"one endpoint: {p.Open}"));
            Assert.True(all.Max is >= 1 and <= global, $"over all: {all}");
            // Several endpoints were scanned at once (more connections than one endpoint may hold): the global limit was tested.
            Assert.True(all.Max > perEndpoint, $"at most {all.Max} connections at once: {all}");
        }
        finally
        {
            foreach (var p in peers) p.Dispose();
        }
    }

    /// <summary>
    /// Targets that name the same endpoint (a duplicate line, or several host names or server names on one address) share its
    /// per-endpoint limit: the server sees at most that many connections at once, not that many per target.
    /// </summary>
    [Fact]
    public async Task Targets_naming_the_same_endpoint_share_its_connection_limit()
    {
        const int perEndpoint = 2;
        using var peer = new LoopbackPeer(async (s, ct) =>
        {
            await Task.Delay(3, ct);
            await s.SendAsync(HandshakeFailureAlert, SocketFlags.None, ct);
        });
        var targets = new[] { Target(peer), Target(peer), Target(peer) };
        var engine = new ScanEngine(new ScanOptions { Concurrency = 16, PerEndpointConcurrency = perEndpoint, Certificates = false });
        var results = await CollectAsync(engine.ScanAsync(targets, progress: null), []).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(targets.Length, results.Count);
        Assert.All(results, r => Assert.Equal(new ProbeFailure.Alert(2, 40), r.Failure));
        // The targets were scanned at once (16 / min(2, 4) = 8 endpoints at a time), and the limit was reached.
        Assert.True(peer.Open.Max == perEndpoint, $"the server: {peer.Open}");
    }

    [Fact]
    public async Task Results_already_streamed_are_not_kept_alive_by_the_engine()
    {
        using var refusing = new LoopbackPeer(async (s, ct) => await s.SendAsync(HandshakeFailureAlert, SocketFlags.None, ct));
        var targets = Enumerable.Repeat(Target(refusing), 40).ToList();
        var seen = new List<WeakReference<ScanResult>>();
        var engine = new ScanEngine(new ScanOptions { Concurrency = 8, PerEndpointConcurrency = 2, Certificates = false });
        await foreach (var result in engine.ScanAsync(targets, progress: null).WithCancellation(CancellationToken.None))
        {
            seen.Add(new WeakReference<ScanResult>(result));
            if (seen.Count != 30) continue;
            // Ten endpoints still to go: the engine must not hold the first twenty results it handed out.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var alive = seen.Take(20).Count(w => w.TryGetTarget(out _));
            // Under load one of them is sometimes still reachable for a moment (a reused slot of the runtime's async or
            // channel machinery); an engine that kept results would hold all twenty.
            Assert.True(alive <= 2, $"{alive} of the first 20 results are still alive");
        }
        Assert.Equal(40, seen.Count);
    }
}
