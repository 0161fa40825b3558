using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using TlsDoctor.Scanning;

namespace TlsDoctor.Tests.Scanning;

/// <summary>
/// Every stage deadline of a connection, on a fake clock against real loopback sockets: the exchange is still pending a
/// millisecond before its deadline and ends with a timeout of that stage at the deadline, with no real waiting.
/// </summary>
public sealed class ConnectorDeadlineTests
{
    /// <summary>Distinct per stage, so that a timeout from the wrong stage (or the wrong limit) shows.</summary>
    internal static readonly StageTimeouts Timeouts = new()
    {
        Resolve = TimeSpan.FromSeconds(2),
        Connect = TimeSpan.FromSeconds(3),
        FirstByte = TimeSpan.FromSeconds(5),
        Flight = TimeSpan.FromSeconds(7),
    };

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    /// <summary>The first bytes of a TLS 1.2 ServerHello record (handshake, 0x0303, length 0x0051, ServerHello, length 0x00004D, …): never a complete flight.</summary>
    private static readonly byte[] ServerHelloStart = [0x16, 0x03, 0x03, 0x00, 0x51, 0x02, 0x00, 0x00, 0x4D, 0x03, 0x03];

    private static readonly byte[] Request = [0x16, 0x03, 0x01, 0x00, 0x04, 0x01, 0x00, 0x00, 0x00];

    /// <summary>A flight classifier that records how many bytes the connector has handed it (and so has read).</summary>
    private sealed class FlightWatch
    {
        private int _seen;

        public FlightState Classify(ReadOnlyMemory<byte> received)
        {
            Volatile.Write(ref _seen, received.Length);
            return RawHandshakeProber.Classify(received);
        }

        public async Task WaitForBytesAsync(int count)
        {
            var limit = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (Volatile.Read(ref _seen) < count)
            {
                if (DateTime.UtcNow > limit) throw new TimeoutException($"the connector read {_seen} bytes, expected {count}");
                await Task.Delay(2);
            }
        }
    }

    /// <summary>
    /// A timer that fired cancels synchronously inside <see cref="FakeTimeProvider.Advance"/>; the socket operation then
    /// completes within milliseconds. 50 ms without completing means no deadline passed.
    /// </summary>
    internal static async Task AssertPendingAsync(Task task, string what)
    {
        await Task.WhenAny(task, Task.Delay(50));
        Assert.False(task.IsCompleted, $"{what} ended before its deadline");
    }

    /// <summary>Completion after the deadline, with a real-time limit shorter than every stage limit, so that a deadline kept on the real clock fails the test.</summary>
    internal static Task<T> EndsAsync<T>(Task<T> task) => task.WaitAsync(TimeSpan.FromSeconds(2));

    private static ProbeFailure.Timeout AssertTimeout(ProbeFailure? failure, ProbeStage stage)
    {
        var timeout = Assert.IsType<ProbeFailure.Timeout>(failure);
        Assert.Equal(stage, timeout.Stage);
        Assert.Equal((int)Timeouts.For(stage).TotalMilliseconds, timeout.AfterMs);
        return timeout;
    }

    [Fact]
    public async Task Silent_server_times_out_in_the_first_byte_stage_exactly_at_its_deadline()
    {
        using var peer = new LoopbackPeer();
        var time = new FakeTimeProvider();
        var exchange = new Connector(Timeouts, time).ExchangeAsync(peer.EndPoint, Request, RawHandshakeProber.Classify, CancellationToken.None);
        await peer.WaitForRequestsAsync(1);

        time.Advance(Timeouts.FirstByte - Tick);
        await AssertPendingAsync(exchange, "the exchange");
        time.Advance(Tick);

        var result = await EndsAsync(exchange);
        AssertTimeout(result.Failure, ProbeStage.FirstByte);
        Assert.Empty(result.Received);
        Assert.Equal(Timeouts.FirstByte, result.Elapsed);
    }

    [Fact]
    public async Task Half_a_record_then_a_stall_times_out_in_the_flight_stage_and_keeps_the_bytes()
    {
        using var peer = new LoopbackPeer(async (s, ct) => await s.SendAsync(ServerHelloStart, SocketFlags.None, ct));
        var time = new FakeTimeProvider();
        var watch = new FlightWatch();
        var exchange = new Connector(Timeouts, time).ExchangeAsync(peer.EndPoint, Request, watch.Classify, CancellationToken.None);
        await watch.WaitForBytesAsync(ServerHelloStart.Length);

        // Past the first-byte limit (5 s): that deadline ended with the first byte and must not fire.
        time.Advance(Timeouts.Flight - Tick);
        await AssertPendingAsync(exchange, "the exchange");
        time.Advance(Tick);

        var result = await EndsAsync(exchange);
        AssertTimeout(result.Failure, ProbeStage.Flight);
        Assert.Equal(ServerHelloStart, result.Received);
        Assert.Equal(Timeouts.Flight, result.Elapsed);
    }

    [Fact]
    public async Task The_flight_deadline_starts_at_the_first_byte_not_at_the_send()
    {
        var firstByteAllowed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var peer = new LoopbackPeer(async (s, ct) =>
        {
            await firstByteAllowed.Task.WaitAsync(ct);
            await s.SendAsync(ServerHelloStart.AsMemory(0, 1), SocketFlags.None, ct);
        });
        var time = new FakeTimeProvider();
        var watch = new FlightWatch();
        var exchange = new Connector(Timeouts, time).ExchangeAsync(peer.EndPoint, Request, watch.Classify, CancellationToken.None);
        await peer.WaitForRequestsAsync(1);

        // The first byte arrives a millisecond before the first-byte deadline.
        time.Advance(Timeouts.FirstByte - Tick);
        firstByteAllowed.SetResult();
        await watch.WaitForBytesAsync(1);
        // 11.998 s after the send: beyond both limits counted from the send, a millisecond short of the flight limit counted from the first byte.
        time.Advance(Timeouts.Flight - Tick);
        await AssertPendingAsync(exchange, "the exchange");
        time.Advance(Tick);

        var result = await EndsAsync(exchange);
        AssertTimeout(result.Failure, ProbeStage.Flight);
        Assert.Single(result.Received);
        Assert.Equal(Timeouts.FirstByte + Timeouts.Flight - Tick, result.Elapsed);
    }

    [Fact]
    public async Task A_server_trickling_one_byte_at_a_time_does_not_extend_the_flight_deadline()
    {
        var next = System.Threading.Channels.Channel.CreateUnbounded<byte>();
        using var peer = new LoopbackPeer(async (s, ct) =>
        {
            await foreach (var b in next.Reader.ReadAllAsync(ct))
                await s.SendAsync(new[] { b }, SocketFlags.None, ct);
        });
        var time = new FakeTimeProvider();
        var watch = new FlightWatch();
        var exchange = new Connector(Timeouts, time).ExchangeAsync(peer.EndPoint, Request, watch.Classify, CancellationToken.None);
        await peer.WaitForRequestsAsync(1);

        // One byte now, then one a second: the answer keeps moving, but the flight limit is for the whole flight.
        var step = TimeSpan.FromSeconds(1);
        var sent = 0;
        for (; step * sent < Timeouts.Flight; sent++)
        {
            if (sent > 0) time.Advance(step);
            next.Writer.TryWrite(ServerHelloStart[sent]);
            await watch.WaitForBytesAsync(sent + 1);
            Assert.False(exchange.IsCompleted, $"ended after {sent + 1} bytes");
        }
        // The last byte came at 6 s after the first; the deadline is 7 s after the first.
        time.Advance(Timeouts.Flight - step * (sent - 1) - Tick);
        await AssertPendingAsync(exchange, "the exchange");
        time.Advance(Tick);

        var result = await EndsAsync(exchange);
        AssertTimeout(result.Failure, ProbeStage.Flight);
        Assert.Equal(ServerHelloStart[..sent], result.Received);
        Assert.Equal(Timeouts.Flight, result.Elapsed);
    }

    [Fact]
    public async Task Connect_to_a_listener_with_a_full_backlog_times_out_in_the_connect_stage_exactly_at_its_deadline()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;
        // Nobody accepts: Linux queues backlog + 1 connections (include/net/sock.h, sk_acceptq_is_full) and then drops
        // further SYNs, so the next connect hangs (retransmitting its SYN) until its deadline.
        var fillers = new List<Socket>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                fillers.Add(filler);
                await filler.ConnectAsync(endpoint).WaitAsync(TimeSpan.FromSeconds(10));
            }

            var time = new FakeTimeProvider();
            var connector = new Connector(Timeouts, time);
            var attempt = connector.ConnectAsync(endpoint, CancellationToken.None);
            time.Advance(Timeouts.Connect - Tick);
            await AssertPendingAsync(attempt, "the connect");
            time.Advance(Tick);

            var (socket, failure) = await EndsAsync(attempt);
            Assert.Null(socket);
            var timeout = AssertTimeout(failure, ProbeStage.Connect);
            Assert.True(timeout.IsConnectivity);
            Assert.Equal(1, connector.Connections);
        }
        finally
        {
            foreach (var f in fillers) f.Dispose();
        }
    }
}
