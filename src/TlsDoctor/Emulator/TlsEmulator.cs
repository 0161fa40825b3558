using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using TlsDoctor.Registry;

namespace TlsDoctor.Emulator;

/// <summary>
/// The load-balancer emulator behind `tlsdoctor serve`: a TLS-terminating TCP listener that enforces one
/// <see cref="ServerPolicy"/> with BouncyCastle's TLS engine, logs one <see cref="ConnectionRecord"/> per
/// connection, and forwards completed connections to a raw TCP backend or answers them with a small HTTP
/// response. A misbehaving client only ever ends its own connection.
/// </summary>
public sealed class TlsEmulator : IAsyncDisposable
{
    private readonly EmulatorOptions _options;
    private readonly Action<ConnectionRecord>? _onConnection;
    private readonly Socket _listener;
    private readonly BcTlsCrypto _crypto;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<long, Task> _active = new();
    private readonly Task _acceptLoop;
    private long _nextId;

    private TlsEmulator(EmulatorOptions options, EnginePolicy engine, BcTlsCrypto crypto, Socket listener, Action<ConnectionRecord>? onConnection)
    {
        _options = options;
        Engine = engine;
        _crypto = crypto;
        _listener = listener;
        _onConnection = onConnection;
        _slots = new SemaphoreSlim(Math.Max(1, options.MaxConnections));
        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The address actually bound (resolves port 0).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>What is enforced: the policy compiled for the engine and the certificates served.</summary>
    public EnginePolicy Engine { get; }

    public EmulatorStatistics Statistics { get; } = new();

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
            var problem = await ProbeBackendAsync(backend, options.BackendConnectTimeout, cancellationToken).ConfigureAwait(false);
            if (problem is not null) return new(null, new(EmulatorStartErrorKind.BackendUnreachable, problem));
        }

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

    /// <summary>Stops accepting, ends open connections and waits (briefly) for them.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested) return;
        _stopping.Cancel();
        _listener.Dispose();
        try { await _acceptLoop.ConfigureAwait(false); } catch (OperationCanceledException) { }
        var pending = _active.Values.ToArray();
        await Task.WhenAny(Task.WhenAll(pending), Task.Delay(TimeSpan.FromSeconds(3))).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                await _slots.WaitAsync(token).ConfigureAwait(false);
                socket = await _listener.AcceptAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException)
            {
                // Transient accept failures (file descriptors exhausted, a client that reset while queued): keep serving.
                _slots.Release();
                try { await Task.Delay(50, token).ConfigureAwait(false); } catch (OperationCanceledException) { return; }
                continue;
            }
            var id = Interlocked.Increment(ref _nextId);
            var task = Task.Run(() => HandleAsync(socket), CancellationToken.None);
            _active[id] = task;
            _ = task.ContinueWith(_ => { _active.TryRemove(id, out Task? _); _slots.Release(); }, TaskScheduler.Default);
        }
    }

    private async Task HandleAsync(Socket socket)
    {
        var started = _options.Time.GetTimestamp();
        var time = _options.Time.GetUtcNow();
        var remote = socket.RemoteEndPoint as IPEndPoint;
        var record = new ConnectionRecord
        {
            Time = time,
            ClientIp = remote?.Address.ToString() ?? "-",
            ClientPort = remote?.Port ?? 0,
            ListenerPort = LocalEndPoint.Port,
            Outcome = ConnectionOutcome.Error,
        };
        try
        {
            socket.NoDelay = true;
            await using var stream = new NetworkStream(socket, ownsSocket: true);
            record = await ServeAsync(stream, record, started).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            record = record with { Outcome = ConnectionOutcome.Error, Reason = "internal-error", Explanation = $"{e.GetType().Name}: {e.Message}" };
            Report(record);
        }
    }

    private void Report(ConnectionRecord record)
    {
        Statistics.Add(record);
        try { _onConnection?.Invoke(record); }
        catch (Exception) { /* a failing log sink must not take connections down */ }
    }

    private TimeSpan Elapsed(long started) => _options.Time.GetElapsedTime(started);

    private async Task<ConnectionRecord> ServeAsync(NetworkStream stream, ConnectionRecord record, long started)
    {
        using var handshakeDeadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        handshakeDeadline.CancelAfter(_options.HandshakeTimeout);

        FirstFlight flight;
        try
        {
            flight = await FirstFlightReader.ReadAsync(stream, handshakeDeadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            record = record with
            {
                Outcome = ConnectionOutcome.Timeout, HandshakeLatency = Elapsed(started), Reason = "timeout",
                Explanation = $"no complete ClientHello within {_options.HandshakeTimeout.TotalSeconds:0.#} s",
            };
            Report(record);
            return record;
        }

        if (flight.Kind is FirstFlightKind.NotTls or FirstFlightKind.Malformed or FirstFlightKind.Closed)
        {
            record = record with
            {
                Outcome = flight.Kind == FirstFlightKind.Closed ? ConnectionOutcome.ClientClosed : ConnectionOutcome.NotTls,
                HandshakeLatency = Elapsed(started),
                Reason = flight.Kind switch { FirstFlightKind.Closed => "client-closed", FirstFlightKind.NotTls => "not-tls", _ => "malformed-client-hello" },
                Explanation = flight.Problem,
                BytesIn = flight.Raw.Length,
            };
            Report(record);
            return record;
        }

        HelloAnalysis? analysis = null;
        if (_options.Analyzer is { } analyzer)
        {
            try { analysis = analyzer.Analyze(flight, Engine); }
            catch (Exception e) { analysis = new HelloAnalysis { DecodeError = $"analysis failed: {e.Message}" }; }
        }
        record = record with { ClientSummary = analysis?.ClientSummary, ServerName = analysis?.ServerName };

        if (analysis is { Agreed: true, Version: { } agreedVersion, Suite: { } agreedSuite } && !Engine.CanComplete(agreedVersion, agreedSuite)
            || flight.Kind == FirstFlightKind.Sslv2 && analysis is { Agreed: true })
        {
            return await AnswerHelloOnlyAsync(stream, flight, analysis!, record, started, handshakeDeadline.Token).ConfigureAwait(false);
        }

        if (flight.Kind == FirstFlightKind.Sslv2)
        {
            record = record with
            {
                Outcome = ConnectionOutcome.Refused, HandshakeLatency = Elapsed(started), BytesIn = flight.Raw.Length,
                Reason = analysis?.Reason ?? "sslv2-client-hello",
                Explanation = analysis?.Explanation ?? "the client sent an SSL 2.0-framed ClientHello, which this policy does not accept",
            };
            Report(record);
            return record;
        }

        var server = new PolicyTlsServer(_crypto, Engine, _options.Certificates);
        var protocol = new TlsServerProtocol();
        var lastActivity = _options.Time.GetTimestamp();
        var connection = new EngineConnection(stream, protocol) { Activity = () => Volatile.Write(ref lastActivity, _options.Time.GetTimestamp()) };

        string? alertName = null;
        ConnectionOutcome? failure = null;
        string? failureDetail = null;
        short? refusedWith = null;
        try
        {
            protocol.Accept(server);
            await connection.OfferAsync(flight.Raw, handshakeDeadline.Token).ConfigureAwait(false);
            while (connection.IsHandshaking)
            {
                if (!await connection.PumpOnceAsync(handshakeDeadline.Token).ConfigureAwait(false))
                {
                    failure = ConnectionOutcome.ClientClosed;
                    break;
                }
            }
        }
        catch (TlsFatalAlertReceived e)
        {
            failure = ConnectionOutcome.ClientAlert;
            alertName = AlertDescription.GetName(e.AlertDescription);
        }
        catch (TlsFatalAlert e)
        {
            failure = ConnectionOutcome.Refused;
            refusedWith = e.AlertDescription;
            alertName = AlertDescription.GetName(e.AlertDescription);
            failureDetail = e.Message;
        }
        catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
        {
            failure = ConnectionOutcome.Timeout;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            failure = server.AlertReceived is { } received ? ConnectionOutcome.ClientAlert : ConnectionOutcome.ClientClosed;
            if (server.AlertReceived is { } a) alertName = AlertDescription.GetName(a);
        }
        catch (TlsException e)
        {
            failure = ConnectionOutcome.Refused;
            failureDetail = e.Message;
            if (server.AlertRaised is { } raised) { refusedWith = raised; alertName = AlertDescription.GetName(raised); }
        }

        var latency = Elapsed(started);
        if (failure is null && !server.HandshakeComplete) failure = ConnectionOutcome.ClientClosed;
        // What is logged is what the client got: the engine's alert, written here when the engine did not.
        if (failure == ConnectionOutcome.Refused && refusedWith is { } code)
            await connection.SendAlertIfSilentAsync((byte)code, _stopping.Token).ConfigureAwait(false);
        if (failure is { } outcome)
        {
            record = record with
            {
                Outcome = outcome, HandshakeLatency = latency, Alert = alertName,
                BytesIn = connection.BytesIn, BytesOut = connection.BytesOut,
            };
            record = outcome switch
            {
                ConnectionOutcome.Refused => record with
                {
                    Reason = analysis?.Reason ?? (alertName is null ? "refused" : $"alert:{alertName}"),
                    Explanation = analysis?.Explanation ?? failureDetail ?? "the engine refused the handshake",
                },
                ConnectionOutcome.ClientAlert => record with
                {
                    Reason = $"client-alert:{alertName}",
                    Explanation = ClientAlertExplanation(alertName),
                    Protocol = server.NegotiatedVersion,
                },
                ConnectionOutcome.Timeout => record with { Reason = "timeout", Explanation = $"handshake not finished within {_options.HandshakeTimeout.TotalSeconds:0.#} s" },
                _ => record with { Reason = "client-closed", Explanation = "the client closed the connection during the handshake" },
            };
            Report(record);
            return record;
        }

        record = record with { Protocol = server.NegotiatedVersion, Suite = server.NegotiatedSuite, HandshakeLatency = latency };
        return await AfterHandshakeAsync(connection, record, () => Volatile.Read(ref lastActivity)).ConfigureAwait(false);
    }

    private static string ClientAlertExplanation(string? alert) => alert switch
    {
        "unknown_ca" or "bad_certificate" or "certificate_unknown" =>
            "the handshake was agreed, then the client rejected the server certificate (self-signed or untrusted); trust it or disable verification for the test",
        "decrypt_error" or "bad_record_mac" => "the client could not verify the handshake (signature or Finished)",
        "protocol_version" => "the client refused the protocol version the server chose",
        "handshake_failure" or "insufficient_security" => "the client refused the parameters the server chose",
        _ => "the client aborted the handshake",
    };

    private async Task<ConnectionRecord> AfterHandshakeAsync(EngineConnection connection, ConnectionRecord record, Func<long> lastActivity)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        using var watchdog = new Timer(_ =>
        {
            if (_options.Time.GetElapsedTime(lastActivity()) > _options.IdleTimeout) { try { idle.Cancel(); } catch (ObjectDisposedException) { } }
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        if (_options.Backend is { } backend)
        {
            Socket? upstream = null;
            string? problem;
            try
            {
                (upstream, problem) = await ConnectAsync(backend, _options.BackendConnectTimeout, idle.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { problem = "stopped"; }
            if (upstream is null)
            {
                record = record with
                {
                    Outcome = ConnectionOutcome.BackendUnavailable, Reason = "backend-unavailable",
                    Explanation = $"handshake completed, but backend {backend.Host}:{backend.Port}: {problem}",
                    BytesIn = connection.BytesIn, BytesOut = connection.BytesOut,
                };
                Report(record);
                await connection.CloseAsync(CancellationToken.None).ConfigureAwait(false);
                return record;
            }
            Report(record with { Outcome = ConnectionOutcome.Success, BytesIn = connection.BytesIn, BytesOut = connection.BytesOut });
            using (upstream)
                await ProxyAsync(connection, upstream, idle.Token).ConfigureAwait(false);
            return record with { Outcome = ConnectionOutcome.Success };
        }

        Report(record with { Outcome = ConnectionOutcome.Success, BytesIn = connection.BytesIn, BytesOut = connection.BytesOut });
        await AnswerHttpAsync(connection, record, idle.Token).ConfigureAwait(false);
        return record with { Outcome = ConnectionOutcome.Success };
    }

    private async Task AnswerHttpAsync(EngineConnection connection, ConnectionRecord record, CancellationToken cancellationToken)
    {
        try
        {
            // Read the request head (or whatever arrives first, up to 64 KiB) before answering, as an HTTP server does.
            var buffer = new byte[16 * 1024];
            var head = new MemoryStream();
            while (head.Length < 64 * 1024)
            {
                var n = await connection.ReadApplicationAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (n == 0) break;
                head.Write(buffer, 0, n);
                if (head.GetBuffer().AsSpan(0, (int)head.Length).IndexOf("\r\n\r\n"u8) >= 0) break;
            }
            if (head.Length == 0) { await connection.CloseAsync(cancellationToken).ConfigureAwait(false); return; }
            var suite = record.Suite is { } s ? CipherSuites.Find(s) : null;
            var body = new StringBuilder()
                .Append("tlsdoctor serve: handshake complete\n")
                .Append("policy: ").Append(_options.Policy.Name).Append('\n')
                .Append("protocol: ").Append(record.Protocol?.Name ?? "-").Append('\n')
                .Append("cipher: ").Append(suite?.OpenSslName ?? suite?.Name ?? "-").Append('\n')
                .ToString();
            var response = $"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\nServer: tlsdoctor\r\n\r\n{body}";
            await connection.WriteApplicationAsync(Encoding.UTF8.GetBytes(response), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or TlsException) { }
        await connection.CloseAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private static async Task ProxyAsync(EngineConnection connection, Socket upstream, CancellationToken cancellationToken)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var backend = new NetworkStream(upstream, ownsSocket: false);

        async Task ClientToBackend()
        {
            var buffer = new byte[16 * 1024];
            try
            {
                while (true)
                {
                    var n = await connection.ReadApplicationAsync(buffer, done.Token).ConfigureAwait(false);
                    if (n == 0) break;
                    await backend.WriteAsync(buffer.AsMemory(0, n), done.Token).ConfigureAwait(false);
                }
                upstream.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or TlsException)
            {
                done.Cancel();
            }
        }

        async Task BackendToClient()
        {
            var buffer = new byte[16 * 1024];
            try
            {
                while (true)
                {
                    var n = await backend.ReadAsync(buffer, done.Token).ConfigureAwait(false);
                    if (n == 0) break;
                    await connection.WriteApplicationAsync(buffer.AsMemory(0, n), done.Token).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or TlsException) { }
            // The backend finished (or failed): end the TLS session and stop reading from the client.
            await connection.CloseAsync(CancellationToken.None).ConfigureAwait(false);
            done.Cancel();
        }

        await Task.WhenAll(ClientToBackend(), BackendToClient()).ConfigureAwait(false);
    }

    private async Task<ConnectionRecord> AnswerHelloOnlyAsync(NetworkStream stream, FirstFlight flight, HelloAnalysis analysis, ConnectionRecord record, long started, CancellationToken cancellationToken)
    {
        long written = 0;
        string? problem = null;
        try
        {
            var certificate = HelloOnlyResponder.PickCertificate(analysis.Suite, _options.Certificates);
            var bytes = HelloOnlyResponder.Build(analysis, certificate);
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            written = bytes.Length;
            // Give the client a moment to read the flight (and to send its alert) before the clean close.
            using var linger = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            linger.CancelAfter(TimeSpan.FromMilliseconds(500));
            var sink = new byte[4096];
            try { while (await stream.ReadAsync(sink, linger.Token).ConfigureAwait(false) > 0) { } }
            catch (Exception e) when (e is OperationCanceledException or IOException) { }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            problem = e.Message;
        }
        var suite = analysis.Suite is { } s ? CipherSuites.Describe(s) : "-";
        record = record with
        {
            Outcome = ConnectionOutcome.HelloOnly, Protocol = analysis.Version, Suite = analysis.Suite,
            HandshakeLatency = Elapsed(started), BytesIn = flight.Raw.Length, BytesOut = written,
            Reason = "engine-cannot-complete",
            Explanation = $"the policy accepts this client with {analysis.Version?.Name} {suite}, which the emulator's TLS engine cannot complete; "
                + "it answered ServerHello, Certificate, ServerHelloDone and closed, as seen by scanners" + (problem is null ? "" : $" ({problem})"),
        };
        Report(record);
        return record;
    }

    private static async Task<string?> ProbeBackendAsync(DnsEndPoint backend, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (socket, problem) = await ConnectAsync(backend, timeout, cancellationToken).ConfigureAwait(false);
        socket?.Dispose();
        return problem is null ? null : $"backend {backend.Host}:{backend.Port} is unreachable: {problem}";
    }

    private static async Task<(Socket? Socket, string? Problem)> ConnectAsync(DnsEndPoint backend, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(backend, deadline.Token).ConfigureAwait(false);
            return (socket, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            return (null, $"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (SocketException e)
        {
            socket.Dispose();
            return (null, e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused (nothing listens there)",
                SocketError.HostNotFound or SocketError.NoData => "host name does not resolve",
                _ => e.Message,
            });
        }
    }
}
