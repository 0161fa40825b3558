using System.Net;
using System.Net.Sockets;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using TlsDoctor.Registry;

namespace TlsDoctor.Emulator;

/// <summary>
/// One client connection of the emulator, from its first byte to its log record: reads the first flight, lets the
/// analyzer predict the outcome, answers hello-only where the engine cannot complete what the policy accepts, runs the
/// TLS engine and maps how it ended to a <see cref="ConnectionRecord"/>, then hands a completed connection to the
/// <see cref="ApplicationRelay"/>. A misbehaving client only ever ends its own connection.
/// </summary>
internal sealed class EmulatorSession(EmulatorOptions options, EnginePolicy engine, BcTlsCrypto crypto, Action<ConnectionRecord> report, CancellationToken stopping)
{
    private readonly EmulatorOptions _options = options;
    private readonly EnginePolicy _engine = engine;
    private readonly BcTlsCrypto _crypto = crypto;
    private readonly Action<ConnectionRecord> _report = report;
    private readonly CancellationToken _stopping = stopping;
    private readonly ServedChains _chains = new(crypto, options.Certificates);

    /// <summary>Serves the connection on <paramref name="socket"/>, whose first bytes <paramref name="alreadyRead"/> someone else read (empty for a fresh connection).</summary>
    public async Task RunAsync(Socket socket, ReadOnlyMemory<byte> alreadyRead)
    {
        var started = _options.Time.GetTimestamp();
        var time = _options.Time.GetUtcNow();
        var remote = socket.RemoteEndPoint as IPEndPoint;
        var record = new ConnectionRecord
        {
            Time = time,
            ClientIp = remote?.Address.ToString() ?? "-",
            ClientPort = remote?.Port ?? 0,
            ListenerPort = (socket.LocalEndPoint as IPEndPoint)?.Port ?? 0,
            Outcome = ConnectionOutcome.Error,
        };
        try
        {
            socket.NoDelay = true;
            await using var stream = new NetworkStream(socket, ownsSocket: true);
            record = await ServeAsync(stream, alreadyRead, record, started).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            record = record with { Outcome = ConnectionOutcome.Error, Reason = "internal-error", Explanation = $"{e.GetType().Name}: {e.Message}" };
            _report(record);
        }
    }

    private TimeSpan Elapsed(long started) => _options.Time.GetElapsedTime(started);

    private async Task<ConnectionRecord> ServeAsync(NetworkStream stream, ReadOnlyMemory<byte> alreadyRead, ConnectionRecord record, long started)
    {
        using var handshakeDeadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        handshakeDeadline.CancelAfter(_options.HandshakeTimeout);

        FirstFlight flight;
        try
        {
            flight = await FirstFlightReader.ReadAsync(stream, alreadyRead, handshakeDeadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            record = record with
            {
                Outcome = ConnectionOutcome.Timeout, HandshakeLatency = Elapsed(started), Reason = "timeout",
                Explanation = $"no complete ClientHello within {_options.HandshakeTimeout.TotalSeconds:0.#} s",
            };
            _report(record);
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
            _report(record);
            return record;
        }

        HelloAnalysis? analysis = null;
        if (_options.Analyzer is { } analyzer)
        {
            try { analysis = analyzer.Analyze(flight, _engine); }
            catch (Exception e) { analysis = new HelloAnalysis { DecodeError = $"analysis failed: {e.Message}" }; }
        }
        record = record with { ClientSummary = analysis?.ClientSummary, ServerName = analysis?.ServerName };

        if (analysis is { Agreed: true, Version: { } agreedVersion, Suite: { } agreedSuite } && !_engine.CanComplete(agreedVersion, agreedSuite)
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
            _report(record);
            return record;
        }

        var server = new PolicyTlsServer(_crypto, _engine, _options.Certificates, _chains);
        var protocol = new TlsServerProtocol();
        var lastActivity = _options.Time.GetTimestamp();
        using var connection = new EngineConnection(stream.Socket, stream, protocol) { Activity = () => Volatile.Write(ref lastActivity, _options.Time.GetTimestamp()) };

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
                    // A reset after a (warning) alert from the client is that alert, as a failed read always reported it.
                    if (connection.TransportFailed && server.AlertReceived is { } received)
                    {
                        failure = ConnectionOutcome.ClientAlert;
                        alertName = AlertDescription.GetName(received);
                    }
                    else failure = ConnectionOutcome.ClientClosed;
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
            await connection.SendAlertIfSilentAsync((byte)code, _stopping).ConfigureAwait(false);
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
            _report(record);
            return record;
        }

        record = record with { Protocol = server.NegotiatedVersion, Suite = server.NegotiatedSuite, HandshakeLatency = latency };
        return await new ApplicationRelay(_options, _report, _stopping).RunAsync(connection, record, () => Volatile.Read(ref lastActivity)).ConfigureAwait(false);
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
        _report(record);
        return record;
    }
}
