using System.Buffers.Binary;
using TlsDoctor.Wire;

namespace TlsDoctor.Capture;

/// <summary>
/// Follows one direction of a TCP stream through the Wire <see cref="RecordAssembler"/> and hands out every ClientHello
/// handshake message, reassembled across records and across however many writes or segments carried it. Bounded by the
/// assembler's limits: records above the TLS limits and hellos longer than the configured limit are reported as
/// malformed instead of being buffered.
/// </summary>
/// <remarks>
/// Two modes. Strict (the listener): the first byte must start a TLS handshake record; anything else is reported
/// as malformed with a reason. Scanning (pcap): traffic that is not TLS is ignored, and a stream is picked up at the
/// first segment that begins with a handshake record holding a ClientHello, so a hello behind a SOCKS or STARTTLS
/// preamble is still found. Following stops at the first application-data or alert record, or at the first
/// handshake message that is not a ClientHello (the rest of a handshake is not needed and may be encrypted).
/// </remarks>
public sealed class HelloStreamReader(bool strict, int maxHelloBytes = RecordAssembler.MaxHelloLength)
{
    /// <summary>The one ClientHello limit (<see cref="RecordAssembler.MaxHelloLength"/>), the default of `capture --max-hello-bytes`.</summary>
    public const int DefaultMaxHelloBytes = RecordAssembler.MaxHelloLength;
    private const int MaxHellosPerStream = 4;
    private const int FirstBytesKept = 64;

    private enum State { Unsynced, Following, Done }

    private State _state = strict ? State.Following : State.Unsynced;
    private RecordAssembler? _assembler;
    private readonly List<TlsMessage> _messages = [];
    private int _hellos;
    private readonly byte[] _firstBytes = new byte[FirstBytesKept];
    private int _firstBytesCount;

    /// <summary>Stream bytes received so far (all of them, consumed or not).</summary>
    public long BytesReceived { get; private set; }

    /// <summary>True once nothing more will be read from the stream.</summary>
    public bool IsDone => _state == State.Done;

    /// <summary>True once scanning mode has found a ClientHello record to follow (always true in strict mode).</summary>
    public bool IsFollowing => _state != State.Unsynced;

    /// <summary>Stops following the stream (the caller decided it will not carry a hello); buffers are released.</summary>
    public void Abandon()
    {
        _state = State.Done;
        _assembler = null;
    }

    /// <summary>True while a record or handshake message has started but not finished.</summary>
    public bool HasPartialMessage => _assembler?.HasPartialMessage ?? false;

    /// <summary>The first bytes of the stream (up to 64), for reporting what a non-TLS client sent.</summary>
    public byte[] FirstBytes => _firstBytes.AsSpan(0, _firstBytesCount).ToArray();

    /// <summary>
    /// Feeds the next bytes of the stream. <paramref name="startsSegment"/> marks data that begins a TCP segment
    /// (or a write), where scanning mode may pick the stream up.
    /// </summary>
    public void Feed(ReadOnlySpan<byte> data, bool startsSegment, List<HelloStreamEvent> events)
    {
        if (data.IsEmpty) return;
        if (_firstBytesCount < FirstBytesKept)
        {
            var n = Math.Min(FirstBytesKept - _firstBytesCount, data.Length);
            data[..n].CopyTo(_firstBytes.AsSpan(_firstBytesCount));
            _firstBytesCount += n;
        }
        BytesReceived += data.Length;
        switch (_state)
        {
            case State.Done:
                return;
            case State.Unsynced:
                if (!startsSegment || !LooksLikeClientHelloRecord(data)) return;
                _state = State.Following;
                break;
        }
        _assembler ??= new RecordAssembler(maxHelloBytes, allowSslv2: strict) { Sslv2MessageType = 1 };
        _messages.Clear();
        _assembler.Push(data.ToArray(), _messages);
        foreach (var message in _messages)
            if (!Take(message, events)) return;
        if (_state == State.Following && !_assembler.IsReading) Stop(events, Reason(_assembler));
    }

    /// <summary>
    /// A first record header that carries a ClientHello: type 22, version 3.x, a plausible length, and handshake
    /// type 1 when the sixth byte is present.
    /// </summary>
    public static bool LooksLikeClientHelloRecord(ReadOnlySpan<byte> s) =>
        s.Length >= 5 && s[0] == 22 && s[1] == 3 && s[2] <= 4 &&
        BinaryPrimitives.ReadUInt16BigEndian(s[3..]) is > 0 and <= TlsRecord.MaxPlaintextLength &&
        (s.Length < 6 || s[5] == 1);

    /// <summary>False once the stream is no longer followed.</summary>
    private bool Take(TlsMessage message, List<HelloStreamEvent> events)
    {
        switch (message.Kind)
        {
            case TlsMessageKind.Handshake when message.HandshakeType == HandshakeType.ClientHello:
                _hellos++;
                events.Add(new HelloStreamEvent.Hello(message.Bytes.ToArray()));
                if (strict || _hellos >= MaxHellosPerStream) { Abandon(); return false; }
                return true;
            case TlsMessageKind.ChangeCipherSpec when _hellos > 0:
                return true; // TLS 1.3 middlebox compatibility sends one before a second ClientHello
            case TlsMessageKind.Sslv2:
                // RFC 6101 / RFC 5246 appendix E.2. Reported as malformed: it carries no extensions, so neither JA3 nor JA4 applies.
                var s = message.Bytes.Span;
                Stop(events, $"SSLv2: SSLv2-compatible ClientHello (version 0x{(s.Length >= 5 ? BinaryPrimitives.ReadUInt16BigEndian(s[3..]) : 0):X4}, {s.Length - 2} bytes): SSL 2.0 record framing, no extensions");
                return false;
        }
        if (_hellos > 0) { Abandon(); return false; }
        Stop(events, message.Kind switch
        {
            TlsMessageKind.Handshake => $"unexpected: first handshake message has type {message.Bytes.Span[0]}, not client_hello (1)",
            TlsMessageKind.ChangeCipherSpec => "unexpected: change_cipher_spec record before any ClientHello",
            TlsMessageKind.Alert => $"unexpected: alert record before any ClientHello ({Convert.ToHexStringLower(message.Bytes.Span)})",
            _ => $"unexpected: {message.Kind} record before any ClientHello",
        });
        return false;
    }

    private string Reason(RecordAssembler assembler)
    {
        var error = assembler.Error!;
        return assembler.Status switch
        {
            RecordAssemblerStatus.NotTls => $"not TLS: first bytes {Convert.ToHexStringLower(FirstBytes.AsSpan(0, Math.Min(8, _firstBytesCount)))} are not a TLS record header",
            RecordAssemblerStatus.TooLarge when error.Field == "length" => $"oversized: record length {error.Detail}",
            RecordAssemblerStatus.TooLarge => $"oversized: ClientHello length field {error.Detail}",
            _ => $"malformed record: {error}",
        };
    }

    private void Stop(List<HelloStreamEvent> events, string reason)
    {
        if (strict) events.Add(new HelloStreamEvent.Malformed(reason, FirstBytes));
        Abandon();
    }
}
