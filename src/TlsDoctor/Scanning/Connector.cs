using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace TlsDoctor.Scanning;

/// <summary>
/// Opens one TCP connection per exchange, sends a request and reads the answer under a deadline per
/// stage (connect, first byte, rest of the flight). Network failures come back as <see cref="ProbeFailure"/>
/// values, never as exceptions. Counts the connections it opens.
/// </summary>
public sealed class Connector(StageTimeouts timeouts, TimeProvider? time = null)
{
    /// <summary>The most a server may send in one flight before we stop reading (certificate chains included).</summary>
    public const int MaxFlightBytes = 256 * 1024;

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private int _connections;

    public StageTimeouts Timeouts { get; } = timeouts;
    public TimeProvider Time => _time;

    /// <summary>TCP connections attempted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>
    /// Sets up each connection in place of a TCP connect, when set (tests only): a test of the connection limits scripts
    /// every set-up (its delay, a failure, a connection dead on arrival) and sees when each socket is closed. Same contract
    /// as <see cref="ConnectAsync"/>: a socket that is not returned is closed before the task ends.
    /// </summary>
    internal Func<IPEndPoint, CancellationToken, Task<(Socket? Socket, ProbeFailure? Failure)>>? OpenOverride { get; init; }

    /// <summary>Connects under the connect deadline. The caller owns the returned socket.</summary>
    public async Task<(Socket? Socket, ProbeFailure? Failure)> ConnectAsync(IPEndPoint endpoint, CancellationToken ct)
    {
        Interlocked.Increment(ref _connections);
        if (OpenOverride is { } open) return await open(endpoint, ct).ConfigureAwait(false);
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var deadline = Deadline(Timeouts.Connect, ct);
        try
        {
            await socket.ConnectAsync(endpoint, deadline.Token).ConfigureAwait(false);
            return (socket, null);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            socket.Dispose();
            ct.ThrowIfCancellationRequested();
            return (null, e is SocketException se ? FromSocketError(se.SocketErrorCode, ProbeStage.Connect) : TimeoutIn(ProbeStage.Connect));
        }
    }

    /// <summary>
    /// Connects, sends <paramref name="request"/> and reads until <paramref name="classify"/> says the
    /// answer is complete, the peer closes, or a deadline passes.
    /// </summary>
    public async Task<ExchangeResult> ExchangeAsync(IPEndPoint endpoint, ReadOnlyMemory<byte> request,
        Func<ReadOnlyMemory<byte>, FlightState> classify, CancellationToken ct)
    {
        var started = _time.GetTimestamp();
        var (socket, failure) = await ConnectAsync(endpoint, ct).ConfigureAwait(false);
        if (socket is null) return new ExchangeResult([], failure, _time.GetElapsedTime(started));
        using (socket)
        {
            var (bytes, readFailure) = await SendAndReadAsync(socket, request, classify, ct).ConfigureAwait(false);
            return new ExchangeResult(bytes, readFailure, _time.GetElapsedTime(started));
        }
    }

    /// <summary>
    /// Sends on an open socket and reads one answer. The first-byte deadline runs from the start of the send to the
    /// first byte of the answer; the flight deadline starts at that first byte and bounds the whole rest of the answer
    /// (a server trickling bytes does not extend it).
    /// </summary>
    public async Task<(byte[] Received, ProbeFailure? Failure)> SendAndReadAsync(Socket socket, ReadOnlyMemory<byte> request,
        Func<ReadOnlyMemory<byte>, FlightState> classify, CancellationToken ct)
    {
        // Pooled: a scan of many endpoints reads tens of thousands of answers; only the bytes received are kept.
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var length = 0;
        var stage = ProbeStage.FirstByte;
        var firstByte = Deadline(Timeouts.FirstByte, ct);
        StageDeadline? flight = null;
        try
        {
            await socket.SendAsync(request, SocketFlags.None, firstByte.Token).ConfigureAwait(false);
            while (true)
            {
                if (length == Math.Min(buffer.Length, MaxFlightBytes))
                {
                    if (length == MaxFlightBytes) return (buffer[..length], null);
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxFlightBytes));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var n = await socket.ReceiveAsync(buffer.AsMemory(length, Math.Min(buffer.Length, MaxFlightBytes) - length), SocketFlags.None, flight?.Token ?? firstByte.Token).ConfigureAwait(false);
                if (n == 0) return (buffer[..length], new ProbeFailure.Closed(length));
                length += n;
                if (flight is null)
                {
                    stage = ProbeStage.Flight;
                    firstByte.Dispose();
                    flight = Deadline(Timeouts.Flight, ct);
                }
                if (classify(buffer.AsMemory(0, length)) == FlightState.Complete) return (buffer[..length], null);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            ct.ThrowIfCancellationRequested();
            var f = e is SocketException se ? FromSocketError(se.SocketErrorCode, stage) : TimeoutIn(stage);
            return (buffer[..length], f);
        }
        finally
        {
            firstByte.Dispose();
            flight?.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private StageDeadline Deadline(TimeSpan limit, CancellationToken ct) => new(limit, _time, ct);

    /// <summary>A cancellation token that fires at the deadline (measured on the injected clock) or on the caller's token.</summary>
    private sealed class StageDeadline : IDisposable
    {
        private readonly CancellationTokenSource _timer;
        private readonly CancellationTokenSource _linked;

        public StageDeadline(TimeSpan limit, TimeProvider time, CancellationToken ct)
        {
            _timer = new CancellationTokenSource(limit, time);
            _linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _timer.Token);
        }

        public CancellationToken Token => _linked.Token;

        public void Dispose()
        {
            _linked.Dispose();
            _timer.Dispose();
        }
    }

    private ProbeFailure TimeoutIn(ProbeStage stage) => new ProbeFailure.Timeout(stage, (int)Timeouts.For(stage).TotalMilliseconds);

    private ProbeFailure FromSocketError(SocketError error, ProbeStage stage) => error switch
    {
        SocketError.ConnectionRefused => new ProbeFailure.Refused(),
        SocketError.ConnectionReset or SocketError.ConnectionAborted => new ProbeFailure.Reset(),
        SocketError.TimedOut => TimeoutIn(stage),
        SocketError.Shutdown or SocketError.NotConnected => new ProbeFailure.Closed(0),
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown or SocketError.NetworkDown
            => new ProbeFailure.Refused(),
        _ => new ProbeFailure.Reset(),
    };
}
