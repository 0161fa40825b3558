using System.Net;
using TlsDoctor.Registry;
using TlsDoctor.Wire;

namespace TlsDoctor.Scanning;

/// <summary>
/// Sends crafted hellos (Wire codec), one per connection (opened ahead when <see cref="Prewarm"/> asks), and reads the server's first flight: up to
/// ServerHelloDone in TLS ≤ 1.2 (Certificate and ServerKeyExchange travel in clear), up to the
/// ServerHello or HelloRetryRequest in TLS 1.3. Never completes a handshake.
/// </summary>
public sealed class RawHandshakeProber(Connector connector, IPEndPoint endpoint, BoundedGate? gate = null, RandomSource? random = null) : IHandshakeProber, IDisposable
{
    /// <summary>TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746 section 3.3): asks SSLv3 servers, which see no extensions, about secure renegotiation.</summary>
    private const ushort EmptyRenegotiationInfoScsv = 0x00FF;
    /// <summary>TLS_FALLBACK_SCSV (RFC 7507 section 6).</summary>
    private const ushort FallbackScsv = 0x5600;
    private static readonly ushort[] SignallingValues = [EmptyRenegotiationInfoScsv, FallbackScsv];

    private readonly RandomSource _random = random ?? RandomSource.Secure;
    private readonly long _created = System.Diagnostics.Stopwatch.GetTimestamp();
    private readonly ConnectionPool _pool = new(connector, endpoint, gate);

    /// <summary>Receives one line per probe (start and end times, offer size, result) when set; for diagnosing slow scans.</summary>
    public TextWriter? Trace { get; init; }
    private int _handshakes;

    public int Handshakes => Volatile.Read(ref _handshakes);

    public Task<ProbeOutcome> ProbeAsync(HelloSpec hello, CancellationToken ct) =>
        ExchangeHelloAsync(Build(hello, _random).ToRecord(), hello.CipherSuites, SignallingValues,
            () => $"{hello.Version.Name} {hello.CipherSuites.Count} suites {hello.Groups.Count} groups{(hello.Alpn.Count > 0 ? " alpn " + string.Join(",", hello.Alpn) : "")}{(hello.FallbackScsv ? " fallback" : "")}", ct);

    /// <inheritdoc/>
    public Task<ProbeOutcome> SendAsync(ClientHello hello, CancellationToken ct) =>
        ExchangeHelloAsync(hello.ToRecord(), hello.CipherSuites, null, () => $"a client's hello, {hello.CipherSuites.Count} suites", ct);

    /// <summary>One hello on its own connection; the answer is checked against the suites offered (<see cref="OfferCheck"/>).</summary>
    private async Task<ProbeOutcome> ExchangeHelloAsync(byte[] record, IReadOnlyList<ushort> offered, IReadOnlyCollection<ushort>? signalling,
        Func<string> describe, CancellationToken ct)
    {
        using var lease = await _pool.AcquireAsync(ct).ConfigureAwait(false);
        Interlocked.Increment(ref _handshakes);
        var start = System.Diagnostics.Stopwatch.GetElapsedTime(_created);
        var warm = lease.Warm;
        var exchange = await ExchangeAsync(lease, record, ct).ConfigureAwait(false);
        var outcome = OfferCheck.Verify(offered, Interpret(exchange.Received, exchange.Failure), signalling);
        Trace?.WriteLine($"{start.TotalMilliseconds,7:F0} ms +{exchange.Elapsed.TotalMilliseconds,4:F0} {(warm ? "warm" : "cold")} {describe()} -> " +
            (outcome.Answer is { } a ? $"{a.Version.Name} {CipherSuites.Describe(a.CipherSuite)} {(a.Group is { } g ? Groups.Describe(g) : "")}" : outcome.Failure!.Message));
        return outcome;
    }

    public async Task<Sslv2Outcome> ProbeSslv2Async(CancellationToken ct)
    {
        var hello = Sslv2ClientHello.Create(0x0002, Sslv2CipherKinds.All.Select(k => k.Code), _random);
        using var lease = await _pool.AcquireAsync(ct).ConfigureAwait(false);
        Interlocked.Increment(ref _handshakes);
        var exchange = await ExchangeAsync(lease, hello.ToBytes(), ct).ConfigureAwait(false);
        return InterpretSslv2(exchange.Received, exchange.Failure);
    }

    /// <inheritdoc/>
    public async Task<Tls13Flight> ProbeTls13FlightAsync(HelloSpec hello, CancellationToken ct)
    {
        var clientHello = Build(hello, _random, out var keys);
        var message = clientHello.ToBytes();
        var reader = new Tls13FlightReader(message, keys);
        using var lease = await _pool.AcquireAsync(ct).ConfigureAwait(false);
        Interlocked.Increment(ref _handshakes);
        var start = System.Diagnostics.Stopwatch.GetElapsedTime(_created);
        var exchange = await ExchangeAsync(lease, TlsRecord.Wrap(ContentType.Handshake, 0x0301, message), ct,
            received => { reader.Read(received, null, out var state); return state; }).ConfigureAwait(false);
        var flight = reader.Read(exchange.Received, exchange.Failure, out _);
        Trace?.WriteLine($"{start.TotalMilliseconds,7:F0} ms +{exchange.Elapsed.TotalMilliseconds,4:F0} {(lease.Warm ? "warm" : "cold")} TLSv1.3 full flight, " +
            $"{hello.SignatureAlgorithms.Count} signature schemes -> {flight}");
        return flight;
    }

    /// <inheritdoc/>
    public void Prewarm(int count) => _pool.Prewarm(count);

    /// <summary>Closes the connections opened ahead that no probe used.</summary>
    public void Dispose()
    {
        _pool.Dispose();
        var (opened, taken, skipped) = _pool.Counts;
        Trace?.WriteLine($"connections opened ahead: {opened}, used {taken}, closed unused {opened - taken}; prewarm skipped (no free slot) {skipped}");
    }

    /// <summary>
    /// One hello on the leased connection. A connection opened ahead that ends without a byte (closed or reset) may have
    /// been closed by the server while it waited idle, which says nothing about the hello: the hello is sent again on a
    /// new connection, whose answer counts (a server that refuses hellos by closing costs one more connection per refusal).
    /// </summary>
    private async Task<ExchangeResult> ExchangeAsync(ConnectionPool.Lease lease, ReadOnlyMemory<byte> request, CancellationToken ct,
        Func<ReadOnlyMemory<byte>, FlightState>? classify = null)
    {
        classify ??= Classify;
        var started = connector.Time.GetTimestamp();
        if (lease.Socket is null) return new ExchangeResult([], lease.Failure, connector.Time.GetElapsedTime(started));
        var (bytes, failure) = await WatchedAsync(connector.SendAndReadAsync(lease.Socket, request, classify, ct), ct).ConfigureAwait(false);
        if (lease.Warm && bytes.Length == 0 && failure is ProbeFailure.Closed or ProbeFailure.Reset)
        {
            await _pool.ReconnectAsync(lease, ct).ConfigureAwait(false);
            if (lease.Socket is null) return new ExchangeResult([], lease.Failure, connector.Time.GetElapsedTime(started));
            (bytes, failure) = await WatchedAsync(connector.SendAndReadAsync(lease.Socket, request, classify, ct), ct).ConfigureAwait(false);
        }
        return new ExchangeResult(bytes, failure, connector.Time.GetElapsedTime(started));
    }

    /// <summary>
    /// An exchange, watched: when it is still waiting after <see cref="ConnectionPool.StallAfter"/> while connections opened
    /// ahead sit idle, the server may be one that serves a connection at a time and is waiting on one of those for a hello;
    /// the pool closes them and opens no more ahead (<see cref="ConnectionPool.GoSerial"/>), which lets the exchange go on.
    /// </summary>
    private async Task<T> WatchedAsync<T>(Task<T> exchange, CancellationToken ct)
    {
        while (!exchange.IsCompleted && !_pool.IsSerial)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var stall = Task.Delay(_pool.StallAfter, connector.Time, stop.Token);
            if (await Task.WhenAny(exchange, stall).ConfigureAwait(false) == exchange) { stop.Cancel(); break; }
            if (ct.IsCancellationRequested) break;
            if (_pool.HasIdle)
            {
                Trace?.WriteLine($"{System.Diagnostics.Stopwatch.GetElapsedTime(_created).TotalMilliseconds,7:F0} ms an answer is late while connections opened ahead wait idle: closing them, no more opened ahead");
                _pool.GoSerial();
            }
        }
        return await exchange.ConfigureAwait(false);
    }

    /// <summary>The ClientHello for a probe. Public so that `probe` and tests can show the exact bytes sent.</summary>
    public static ClientHello Build(HelloSpec hello, RandomSource random) => Build(hello, random, out _);

    /// <summary>The ClientHello for a probe, and the private keys of its key shares (to read an encrypted TLS 1.3 flight).</summary>
    public static ClientHello Build(HelloSpec hello, RandomSource random, out IReadOnlyList<KeyShareKeyPair> keys)
    {
        var tls13 = hello.Version == TlsVersion.Tls13;
        var suites = hello.CipherSuites.ToList();
        if (!tls13 || hello.SupportedVersions?.Any(v => v < TlsVersion.Tls13) == true) suites.Add(EmptyRenegotiationInfoScsv);
        if (hello.FallbackScsv) suites.Add(FallbackScsv);
        var groups = hello.Groups.ToList();
        var builder = new ClientHelloBuilder
        {
            Versions = tls13 ? (hello.SupportedVersions ?? [TlsVersion.Tls13]).ToList() : [hello.Version],
            CipherSuites = suites,
            // DEFLATE is offered below TLS 1.3 to observe compression (CRIME); TLS 1.3 requires null only (RFC 8446 4.1.2).
            CompressionMethods = tls13 || !hello.RequestFeatures ? [0] : [1, 0],
            Groups = groups,
            KeyShareGroups = tls13 ? hello.KeyShareGroups.Where(groups.Contains).ToList() : null,
            SignatureAlgorithms = hello.SignatureAlgorithms.ToList(),
            SignatureAlgorithmsCert = hello.SignatureAlgorithmsCert?.ToList(),
            ServerName = hello.ServerName,
            Alpn = hello.Alpn.ToList(),
            StatusRequest = hello.RequestFeatures,
            SessionTicket = hello.RequestFeatures,
            ExtendedMasterSecret = hello.RequestFeatures,
            // renegotiation_info is sent as the SCSV above (RFC 5746 allows either, not both).
            RenegotiationInfo = false,
            Heartbeat = hello.RequestFeatures,
            // Some stacks hang on hellos of 256 to 511 bytes (RFC 7685 section 4, the F5 bug).
            Padding = PaddingMode.Avoid256To511,
            Random = random,
        };
        return builder.Build(out keys);
    }

    /// <summary>Enough bytes to decide: an alert, a decode error, a TLS 1.3 ServerHello or HelloRetryRequest, or a TLS ≤ 1.2 ServerHelloDone.</summary>
    public static FlightState Classify(ReadOnlyMemory<byte> received)
    {
        var read = RecordLayerReader.Read(received);
        if (read.Status == RecordReadStatus.Error) return FlightState.Complete;
        foreach (var m in read.Messages)
        {
            switch (m.Kind)
            {
                case TlsMessageKind.Alert or TlsMessageKind.Sslv2 or TlsMessageKind.Encrypted or TlsMessageKind.ChangeCipherSpec or TlsMessageKind.ApplicationData:
                    return FlightState.Complete;
                case TlsMessageKind.Handshake when m.HandshakeType == HandshakeType.ServerHelloDone:
                    return FlightState.Complete;
                case TlsMessageKind.Handshake when m.HandshakeType == HandshakeType.ServerHello:
                    if (ServerHello.Decode(m.Bytes, m.Offset) is not { IsSuccess: true } sh) return FlightState.Complete;
                    if (sh.Value.IsHelloRetryRequest || sh.Value.SelectedVersion >= TlsVersion.Tls13) return FlightState.Complete;
                    break;
            }
        }
        return FlightState.NeedMore;
    }

    /// <summary>Turns the bytes received (and how the connection ended) into an answer or a failure.</summary>
    public static ProbeOutcome Interpret(ReadOnlyMemory<byte> received, ProbeFailure? ended)
    {
        if (received.Length == 0) return ProbeOutcome.Of(ended ?? new ProbeFailure.Closed(0));
        var first = received.Span[0];
        if (first is < 0x14 or > 0x18 && (first & 0x80) == 0) return ProbeOutcome.Of(ProbeFailure.FromFirstBytes(received.Span));

        var read = RecordLayerReader.Read(received);
        ServerHello? hello = null;
        CertificateMessage? certificate = null;
        TlsMessage? keyExchange = null;
        var certificateStatus = false;
        foreach (var m in read.Messages)
        {
            if (m.Kind == TlsMessageKind.Sslv2)
                return ProbeOutcome.Of(new ProbeFailure.DecodeError(m.Offset, "the server answered with an SSL 2.0 record"));
            if (m.Kind == TlsMessageKind.Alert)
            {
                if (hello is not null) break;
                var bytes = m.Bytes.Span;
                return ProbeOutcome.Of(new ProbeFailure.Alert(bytes[0], bytes[1]));
            }
            if (m.Kind != TlsMessageKind.Handshake) continue;
            switch (m.HandshakeType)
            {
                case HandshakeType.ServerHello:
                    var decoded = ServerHello.Decode(m.Bytes, m.Offset);
                    if (!decoded.TryGetValue(out var sh, out var error)) return ProbeOutcome.Of(new ProbeFailure.DecodeError(error.Offset, error.ToString()));
                    hello = sh;
                    break;
                case HandshakeType.Certificate when hello is not null:
                    if (CertificateMessage.Decode(m.Bytes, m.Offset).TryGetValue(out var c, out _)) certificate = c;
                    break;
                case HandshakeType.ServerKeyExchange when hello is not null:
                    keyExchange = m;
                    break;
                case HandshakeType.CertificateStatus:
                    certificateStatus = true;
                    break;
            }
        }
        if (hello is null)
        {
            if (read.Error is { } e) return ProbeOutcome.Of(new ProbeFailure.DecodeError(e.Offset, e.ToString()));
            return ProbeOutcome.Of(ended switch
            {
                null => new ProbeFailure.DecodeError(read.ConsumedBytes, "no ServerHello in the server's answer"),
                ProbeFailure.Closed => new ProbeFailure.Closed(received.Length),
                _ => ended,
            });
        }

        var version = hello.SelectedVersion;
        ushort? group = version >= TlsVersion.Tls13 || hello.IsHelloRetryRequest ? hello.SelectedGroup : null;
        int? dhBits = null;
        ushort? scheme = null;
        if (keyExchange is { } ske && CipherSuites.Find(hello.CipherSuite) is { } suite
            && ServerKeyExchange.Decode(ske.Bytes, suite, version, ske.Offset).TryGetValue(out var kx, out _))
        {
            group ??= kx.NamedGroup;
            if (kx.Kind == KeyExchangeKind.Dhe) dhBits = kx.DhPrimeBits;
            scheme = kx.SignatureScheme;
        }
        return ProbeOutcome.Of(new ServerAnswer
        {
            Version = version,
            CipherSuite = hello.CipherSuite,
            Group = group,
            IsHelloRetryRequest = hello.IsHelloRetryRequest,
            Compression = hello.CompressionMethod,
            SecureRenegotiation = hello.SupportsSecureRenegotiation,
            SessionTicket = hello.HasExtension(ExtensionType.SessionTicket),
            ExtendedMasterSecret = hello.SupportsExtendedMasterSecret,
            Heartbeat = hello.HasExtension(ExtensionType.Heartbeat),
            OcspStapled = certificateStatus || hello.HasExtension(ExtensionType.StatusRequest),
            Alpn = hello.Alpn,
            Certificates = certificate?.Certificates.Select(c => c.ToArray()).ToList() ?? [],
            CertificateCut = certificate is null && version < TlsVersion.Tls13 && received.Length >= Connector.MaxFlightBytes,
            DhPrimeBits = dhBits,
            SignatureScheme = scheme,
        });
    }

    public static Sslv2Outcome InterpretSslv2(ReadOnlyMemory<byte> received, ProbeFailure? ended)
    {
        if (received.Length == 0) return new Sslv2Outcome(null, null, ended ?? new ProbeFailure.Closed(0));
        var read = RecordLayerReader.Read(received);
        foreach (var m in read.Messages)
        {
            if (m.Kind == TlsMessageKind.Sslv2)
            {
                if (!Sslv2ServerHello.Decode(m.Bytes, m.Offset).TryGetValue(out var sh, out var error))
                    return new Sslv2Outcome(null, null, new ProbeFailure.DecodeError(error.Offset, error.ToString()));
                // An SSL 2.0 server with no cipher kind in common sends an ERROR message, not a SERVER-HELLO.
                return sh.CipherSpecs.Count == 0
                    ? new Sslv2Outcome(null, null, new ProbeFailure.Alert(2, AlertDescriptions.HandshakeFailure))
                    : new Sslv2Outcome(sh.CipherSpecs, sh.Certificate.ToArray(), null);
            }
            if (m.Kind == TlsMessageKind.Alert)
                return new Sslv2Outcome(null, null, new ProbeFailure.Alert(m.Bytes.Span[0], m.Bytes.Span[1]));
        }
        var first = received.Span[0];
        if (first is < 0x14 or > 0x18 && (first & 0x80) == 0) return new Sslv2Outcome(null, null, ProbeFailure.FromFirstBytes(received.Span));
        if (read.Error is { } e) return new Sslv2Outcome(null, null, new ProbeFailure.DecodeError(e.Offset, e.ToString()));
        return new Sslv2Outcome(null, null, ended ?? new ProbeFailure.DecodeError(0, "no SSL 2.0 SERVER-HELLO in the answer"));
    }
}
