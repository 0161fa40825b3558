using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using TlsDoctor.Registry;
using TlsDoctor.Scanning;
using Xunit;

namespace TlsDoctor.Tests.Scanning;

/// <summary>
/// A server that serves one connection at a time (openssl s_server) waits for a hello on the oldest connection it
/// has not served. Connections opened ahead must not make it wait on one that carries no hello while a newer one does.
/// </summary>
public sealed class SerialServerTests
{
    private static readonly StageTimeouts Timeouts = StageTimeouts.Uniform(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
    private static readonly HelloSpec Hello = new()
    {
        Version = TlsVersion.Tls12,
        CipherSuites = [0xC02F],
        Groups = [0x001D],
        SignatureAlgorithms = [0x0804],
    };
    /// <summary>A fatal handshake_failure alert: a complete answer.</summary>
    private static readonly byte[] Refusal = [0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28];

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var limit = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > limit) throw new TimeoutException(what);
            await Task.Delay(2);
        }
    }

    [Fact]
    public async Task An_answer_late_while_connections_wait_idle_closes_them_and_stops_opening_ahead()
    {
        using var peer = new LoopbackPeer();   // silent: the answer never comes
        var time = new FakeTimeProvider();
        using var prober = new RawHandshakeProber(new Connector(Timeouts, time), peer.EndPoint);
        prober.Prewarm(3);
        await WaitUntilAsync(() => peer.Open.Current == 3, "three connections opened ahead");

        var probe = prober.ProbeAsync(Hello, CancellationToken.None);
        await peer.WaitForRequestsAsync(1);
        time.Advance(ConnectionPool.MinimumStall - TimeSpan.FromMilliseconds(1));
        await ConnectorDeadlineTests.AssertPendingAsync(probe, "the probe");
        Assert.Equal(3, peer.Open.Current);

        time.Advance(TimeSpan.FromMilliseconds(1));
        // The two idle connections are closed; the probe's stays open and keeps its own deadline.
        await WaitUntilAsync(() => peer.Open.Current == 1, "idle connections closed");
        Assert.False(probe.IsCompleted);
        prober.Prewarm(2);
        await Task.Delay(50);
        Assert.Equal(1, peer.Open.Current);

        time.Advance(Timeouts.FirstByte);
        var outcome = await probe.WaitAsync(TimeSpan.FromSeconds(2));
        Assert.IsType<ProbeFailure.Timeout>(outcome.Failure);
    }

    [Fact]
    public async Task An_answer_in_time_leaves_the_connections_opened_ahead_alone()
    {
        using var peer = new LoopbackPeer(async (s, ct) => await s.SendAsync(Refusal, SocketFlags.None, ct));
        // The clock stands still: however slow this machine is, the answer comes before the stall limit.
        using var prober = new RawHandshakeProber(new Connector(Timeouts, new FakeTimeProvider()), peer.EndPoint);
        prober.Prewarm(3);
        await WaitUntilAsync(() => peer.Open.Current == 3, "three connections opened ahead");

        var outcome = await prober.ProbeAsync(Hello, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.IsType<ProbeFailure.Alert>(outcome.Failure);
        await WaitUntilAsync(() => peer.Open.Current == 2, "the probe's connection closed");
        await Task.Delay(50);
        Assert.Equal(2, peer.Open.Current);
    }

    /// <summary>
    /// One connection at a time, in the order the kernel queued them, as openssl s_server does: read a hello, answer it,
    /// wait for the client to close, take the next. Connections that carry no hello hold it until they close.
    /// </summary>
    private sealed class SerialPeer : IDisposable
    {
        private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        private readonly CancellationTokenSource _stop = new();
        public int Served;

        public SerialPeer()
        {
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _listener.Listen(64);
            EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
            _ = Task.Run(LoopAsync);
        }

        public IPEndPoint EndPoint { get; }

        private async Task LoopAsync()
        {
            var buffer = new byte[64 * 1024];
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    using var socket = await _listener.AcceptAsync(_stop.Token);
                    if (await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token) == 0) continue;
                    await socket.SendAsync(Refusal, SocketFlags.None, _stop.Token);
                    Interlocked.Increment(ref Served);
                    while (await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token) > 0) { }
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException) { return; }
                catch (SocketException) { }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Dispose();
        }
    }

    [Fact]
    public async Task Chains_of_probes_with_connections_opened_ahead_never_wait_on_a_serial_server()
    {
        using var peer = new SerialPeer();
        using var gate = new SemaphoreSlim(8);
        using var global = new SemaphoreSlim(64);
        using var prober = new RawHandshakeProber(new Connector(Timeouts), peer.EndPoint, new BoundedGate(global, gate));
        prober.Prewarm(8);
        // Eight chains at once, each opening a connection ahead for its next step, as the scanner's chains do.
        var chains = Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var step = 0; step < 6; step++)
            {
                prober.Prewarm(1);
                var outcome = await prober.ProbeAsync(Hello, CancellationToken.None);
                Assert.IsType<ProbeFailure.Alert>(outcome.Failure);
            }
        });
        // Well under the 5 s first-byte limit: a hello held behind an idle connection would take that long.
        await Task.WhenAll(chains).WaitAsync(TimeSpan.FromSeconds(4));
        Assert.Equal(48, Volatile.Read(ref peer.Served));
    }
}
