using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Org.BouncyCastle.Security;
using TlsDoctor.Io;

namespace TlsDoctor.Emulator;

/// <summary>
/// The load-balancer emulator behind `tlsdoctor serve`: a TLS-terminating TCP listener that enforces one
/// <see cref="ServerPolicy"/> with BouncyCastle's TLS engine and logs one <see cref="ConnectionRecord"/> per
/// connection. This type is the listener (bind, accept, connection slots, statistics); each connection is an
/// <see cref="EmulatorSession"/>, and what follows a handshake is the <see cref="ApplicationRelay"/>. Without a listen
/// address it serves only connections handed to it (<see cref="HandOffAsync"/>), as `capture --complete` does.
/// </summary>
public sealed class TlsEmulator : IAsyncDisposable
{
    private readonly EmulatorOptions _options;
    private readonly Action<ConnectionRecord>? _onConnection;
    private readonly Socket? _listener;
    private readonly EmulatorSession _session;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<long, Task> _active = new();
    private readonly Task _acceptLoop;
    private long _nextId;

    private TlsEmulator(EmulatorOptions options, EnginePolicy engine, Org.BouncyCastle.Tls.Crypto.Impl.BC.BcTlsCrypto crypto, Socket? listener, Action<ConnectionRecord>? onConnection)
    {
        _options = options;
        Engine = engine;
        _listener = listener;
        _onConnection = onConnection;
        _session = new EmulatorSession(options, engine, crypto, Report, _stopping.Token);
        _slots = new SemaphoreSlim(Math.Max(1, options.MaxConnections));
        _localEndPoint = listener?.LocalEndPoint as IPEndPoint;
        _acceptLoop = listener is null ? Task.CompletedTask : Task.WhenAll(Enumerable.Range(0, AcceptThreads).Select(StartAcceptThread));
    }

    private readonly IPEndPoint? _localEndPoint;

    /// <summary>The address actually bound (resolves port 0); only for an emulator with a listener.</summary>
    public IPEndPoint LocalEndPoint => _localEndPoint ?? throw new InvalidOperationException("this emulator has no listener: it serves handed-off connections only");

    /// <summary>What is enforced: the policy compiled for the engine and the certificates served.</summary>
    public EnginePolicy Engine { get; }

    public EmulatorStatistics Statistics { get; } = new();

    /// <summary>Connections being served now, from accept (or hand-off) until the socket is closed.</summary>
    public int OpenConnections => _active.Count;

    /// <summary>The certificates served, one per key type.</summary>
    public IReadOnlyList<ServerCertificate> Certificates => _options.Certificates;

    /// <summary>
    /// Binds the listener and starts accepting. Fails with a clear message when the address is in use, when the
    /// backend cannot be reached, or when the certificates fit none of the policy's suites.
    /// </summary>
    public static async Task<EmulatorStartResult> StartAsync(EmulatorOptions options, Action<ConnectionRecord>? onConnection = null, CancellationToken cancellationToken = default)
    {
        var crypto = new HybridTlsCrypto(new SecureRandom());
        var engine = EnginePolicy.Compile(options.Policy, options.Certificates.Select(c => c.Kind).Distinct().ToList(), crypto);
        if (engine.Suites.Count == 0)
        {
            var kinds = string.Join(" and ", engine.CertificateKinds.Select(k => k.ToString().ToUpperInvariant()));
            return new(null, new(EmulatorStartErrorKind.NothingToServe,
                $"policy {options.Policy.Name} has no suite that an {kinds} certificate can serve; use --cert-type {(engine.CertificateKinds.Contains(Negotiation.CertificateKind.Rsa) ? "ecdsa" : "rsa")}"));
        }

        if (options.Backend is { } backend)
        {
            var problem = await BackendConnector.ProbeAsync(backend, options.BackendConnectTimeout, cancellationToken).ConfigureAwait(false);
            if (problem is not null) return new(null, new(EmulatorStartErrorKind.BackendUnreachable, problem));
        }

        if (options.Listen is null) return new(new TlsEmulator(options, engine, crypto, null, onConnection), null);
        var listener = new Socket(options.Listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(options.Listen);
            listener.Listen(512);
        }
        catch (SocketException e)
        {
            listener.Dispose();
            return new(null, new(EmulatorStartErrorKind.ListenFailed, ListenFailure.Describe(options.Listen, e)));
        }
        return new(new TlsEmulator(options, engine, crypto, listener, onConnection), null);
    }

    /// <summary>
    /// Serves a connection accepted elsewhere whose first bytes <paramref name="bytesRead"/> were already read (the capture
    /// listener's, after it recorded the hello), as if it had been accepted here; returns when the connection ends.
    /// Takes a connection slot like an accepted one.
    /// </summary>
    public async Task HandOffAsync(Socket socket, ReadOnlyMemory<byte> bytesRead, CancellationToken cancellationToken)
    {
        try { await _slots.WaitAsync(cancellationToken).ConfigureAwait(false); }
        catch (OperationCanceledException) { socket.Dispose(); return; }
        var id = Interlocked.Increment(ref _nextId);
        var task = _session.RunAsync(socket, bytesRead);
        _active[id] = task;
        try { await task.ConfigureAwait(false); }
        finally { _active.TryRemove(id, out Task? _); _slots.Release(); }
    }

    /// <summary>Stops accepting, ends open connections and waits (briefly) for them.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested) return;
        _stopping.Cancel();
        _listener?.Dispose();
        try { await _acceptLoop.ConfigureAwait(false); } catch (OperationCanceledException) { }
        var pending = _active.Values.ToArray();
        await Task.WhenAny(Task.WhenAll(pending), Task.Delay(TimeSpan.FromSeconds(3))).ConfigureAwait(false);
        _stopping.Dispose();
    }

    // The listener has threads of its own, one per core (as many as a handshake's first flight can keep busy), each
    // blocked in accept(2) between connections: the kernel wakes one of them directly, and it serves the connection's
    // first flight itself (ServeAcceptedAsync). An awaited accept cost a hand-over per connection (from the socket event
    // thread to a pool thread), and a single accepting thread made concurrent clients' first flights (the RSA
    // signature among them) wait for each other. Closing the listener (DisposeAsync) ends the blocked accepts.
    private static readonly int AcceptThreads = Math.Clamp(Environment.ProcessorCount, 1, 8);

    private Task StartAcceptThread(int index)
    {
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                AcceptLoop();
                ended.SetResult();
            }
            catch (Exception e) { ended.SetException(e); }
        })
        { IsBackground = true, Name = $"tlsdoctor accept {index + 1}" };
        thread.Start();
        return ended.Task;
    }

    private void AcceptLoop()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                _slots.Wait(token);
                socket = _listener!.Accept();
            }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException) when (token.IsCancellationRequested) { return; }
            catch (SocketException)
            {
                // Transient accept failures (file descriptors exhausted, a client that reset while queued): keep serving.
                _slots.Release();
                if (token.WaitHandle.WaitOne(50)) return;
                continue;
            }
            var id = Interlocked.Increment(ref _nextId);
            var task = ServeAcceptedAsync(id, socket);
            _active[id] = task;
            if (task.IsCompleted) _active.TryRemove(id, out Task? _);  // it ended before it was listed
        }
    }

    // Starts on the accepting thread and runs there until the connection first waits for the client (usually after the
    // server's first flight); the thread then accepts the next one. Queuing each connection to the thread pool instead
    // cost a thread hand-over per connection.
    private async Task ServeAcceptedAsync(long id, Socket socket)
    {
        try { await _session.RunAsync(socket, ReadOnlyMemory<byte>.Empty).ConfigureAwait(false); }
        finally
        {
            _active.TryRemove(id, out Task? _);
            _slots.Release();
        }
    }

    private void Report(ConnectionRecord record)
    {
        Statistics.Add(record);
        try { _onConnection?.Invoke(record); }
        catch (Exception) { /* a failing log sink must not take connections down */ }
    }
}
