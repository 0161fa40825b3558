using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace TlsDoctor.Capture;

/// <summary>
/// A TCP listener that reads each client's ClientHello and records it, then answers with a fatal
/// handshake_failure alert and closes (or hands the connection on, see <see cref="Handoff"/>).
/// Every connection is recorded: as a hello, or as malformed (not TLS, SSLv2, oversized length, closed early) or timed
/// out, with the reason and the first bytes received. Reads go through a <see cref="PipeReader"/> and decoding is retried
/// as bytes arrive, so a hello split into one-byte writes is read whole.
/// </summary>
public sealed class CaptureListener : IAsyncDisposable
{
    /// <summary>
    /// Takes over a connection after its ClientHello was recorded: the socket and every byte read so far (the
    /// ClientHello record(s)). When null the listener answers with an alert.
    /// </summary>
    public delegate Task HandoffHandler(Socket socket, ReadOnlyMemory<byte> bytesRead, CancellationToken cancellationToken);

    private static readonly byte[] HandshakeFailureAlert = new Wire.Alert(2, Registry.AlertDescriptions.HandshakeFailure).ToRecord();

    private readonly Socket _socket;
    private readonly CaptureListenerOptions _options;
    private readonly CaptureRecorder _recorder;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _slots;
    private long _accepted;

    private CaptureListener(Socket socket, CaptureListenerOptions options, CaptureRecorder recorder, TimeProvider time)
    {
        _socket = socket;
        _options = options;
        _recorder = recorder;
        _time = time;
        _slots = new SemaphoreSlim(options.MaxConnections, options.MaxConnections);
    }

    public HandoffHandler? Handoff { get; init; }

    public IPEndPoint LocalEndpoint => (IPEndPoint)_socket.LocalEndPoint!;

    public long Accepted => Interlocked.Read(ref _accepted);

    private const int SolSocket = 1, SoReuseAddr = 2;   // <sys/socket.h> on Linux

    /// <summary>Binds and listens; throws <see cref="SocketException"/> when the address cannot be bound.</summary>
    public static CaptureListener Start(CaptureListenerOptions options, CaptureRecorder recorder, TimeProvider? time = null, HandoffHandler? handoff = null)
    {
        var socket = new Socket(options.Endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // Not SocketOptionName.ReuseAddress: on Linux .NET sets SO_REUSEPORT with it, and the listener would share a
            // port another process listens on (taking some of its connections) instead of refusing it, as serve does.
            // SO_REUSEADDR alone still binds over connections in TIME_WAIT, so a restarted capture gets its port back.
            if (OperatingSystem.IsLinux()) socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
            socket.Bind(options.Endpoint);
            socket.Listen(options.Backlog);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new CaptureListener(socket, options, recorder, time ?? TimeProvider.System) { Handoff = handoff };
    }

    /// <summary>Accepts until cancelled, then waits for connections in progress to finish (each is bounded by the timeout).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var running = new HashSet<Task>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                Socket client;
                try
                {
                    client = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    _slots.Release();
                    if (cancellationToken.IsCancellationRequested) break;
                    continue;
                }
                catch
                {
                    _slots.Release();
                    throw;
                }
                Interlocked.Increment(ref _accepted);
                var task = Task.Run(async () =>
                {
                    try { await HandleAsync(client, cancellationToken).ConfigureAwait(false); }
                    finally { _slots.Release(); }
                }, CancellationToken.None);
                lock (running)
                {
                    if (running.Count > 2 * _options.MaxConnections) running.RemoveWhere(t => t.IsCompleted);
                    running.Add(task);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { }
        Task[] remaining;
        lock (running) remaining = running.ToArray();
        await Task.WhenAll(remaining).ConfigureAwait(false);
    }

    private async Task HandleAsync(Socket client, CancellationToken stopping)
    {
        var remote = (IPEndPoint)client.RemoteEndPoint!;
        var local = (IPEndPoint)client.LocalEndPoint!;
        var reader = new HelloStreamReader(strict: true, _options.MaxHelloBytes);
        var events = new List<HelloStreamEvent>();
        var received = new MemoryStreamBuffer(_options.MaxHelloBytes + Wire.TlsRecord.MaxFragmentLength + 5);
        using var deadline = new CancellationTokenSource(_options.HelloTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, stopping);
        var stream = new NetworkStream(client, ownsSocket: false);
        var pipe = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true));
        RawHello? outcome = null;
        var handOff = false;
        try
        {
            while (outcome is null)
            {
                ReadResult result;
                try
                {
                    result = await pipe.ReadAsync(linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    var why = stopping.IsCancellationRequested ? "listener stopped" : $"timeout: no complete ClientHello within {_options.HelloTimeout.TotalSeconds:0.#} s";
                    outcome = Malformed(remote, local, $"{why} ({reader.BytesReceived} bytes received)", reader.FirstBytes);
                    break;
                }
                catch (IOException e)
                {
                    outcome = Malformed(remote, local, $"reset: connection reset after {reader.BytesReceived} bytes ({(e.InnerException as SocketException)?.SocketErrorCode.ToString() ?? e.Message})", reader.FirstBytes);
                    break;
                }
                var first = true;
                foreach (var segment in result.Buffer)
                {
                    received.Write(segment.Span);
                    if (events.Count == 0) reader.Feed(segment.Span, first, events);
                    first = false;
                }
                pipe.AdvanceTo(result.Buffer.End);
                if (events.Count > 0)
                {
                    outcome = events[0] switch
                    {
                        HelloStreamEvent.Hello h => new RawHello(_time.GetUtcNow(), remote, local, CaptureTransport.Tcp, h.HandshakeMessage, null, null, "listener"),
                        HelloStreamEvent.Malformed m => Malformed(remote, local, m.Reason, m.FirstBytes),
                        _ => throw new InvalidOperationException(),
                    };
                    handOff = events[0] is HelloStreamEvent.Hello && Handoff is not null;
                    break;
                }
                if (result.IsCompleted)
                {
                    outcome = Malformed(remote, local, reader.BytesReceived == 0
                        ? "closed: the client closed the connection without sending anything"
                        : $"closed: the client closed the connection after {reader.BytesReceived} bytes, before the ClientHello was complete", reader.FirstBytes);
                }
            }
            try { await _recorder.AddAsync(outcome, stopping).ConfigureAwait(false); }
            catch (System.Threading.Channels.ChannelClosedException) { return; } // the recorder failed; the command reports it
            if (handOff)
            {
                await pipe.CompleteAsync().ConfigureAwait(false);
                await Handoff!(client, received.ToArray(), stopping).ConfigureAwait(false);
                return;
            }
            if (outcome.Malformed is null || outcome.Malformed.StartsWith("timeout", StringComparison.Ordinal) || outcome.Malformed.StartsWith("oversized", StringComparison.Ordinal))
            {
                using var sendDeadline = new CancellationTokenSource(TimeSpan.FromSeconds(2), _time);
                try { await client.SendAsync(HandshakeFailureAlert, SocketFlags.None, sendDeadline.Token).ConfigureAwait(false); }
                catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException) { }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested) { }
        finally
        {
            if (!handOff)
            {
                await pipe.CompleteAsync().ConfigureAwait(false);
                try { client.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
                client.Dispose();
            }
        }
    }

    private RawHello Malformed(IPEndPoint remote, IPEndPoint local, string reason, byte[] firstBytes) =>
        new(_time.GetUtcNow(), remote, local, CaptureTransport.Tcp, null, reason, firstBytes, "listener");

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        _slots.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Keeps the bytes read from a connection (for hand-off), up to a fixed limit.</summary>
    private sealed class MemoryStreamBuffer(int limit)
    {
        private byte[] _data = [];
        private int _count;

        public void Write(ReadOnlySpan<byte> bytes)
        {
            var n = Math.Min(bytes.Length, limit - _count);
            if (n <= 0) return;
            if (_data.Length < _count + n) Array.Resize(ref _data, Math.Min(limit, Math.Max(_count + n, Math.Max(1024, _data.Length * 2))));
            bytes[..n].CopyTo(_data.AsSpan(_count));
            _count += n;
        }

        public byte[] ToArray() => _data.AsSpan(0, _count).ToArray();
    }
}
