using System.Buffers.Binary;

namespace TlsDoctor.Capture;

/// <summary>
/// Follows one direction of a TCP stream through the TLS record layer (RFC 8446 section 5.1) and hands out every
/// ClientHello handshake message, reassembled across records and across however many writes or segments carried it.
/// Bounded: records longer than 2^14 + 256 bytes and hellos longer than the configured limit are reported as
/// malformed instead of being buffered.
/// </summary>
/// <remarks>
/// Two modes. Strict (the listener): the first byte must start a TLS handshake record; anything else is reported
/// as malformed with a reason. Scanning (pcap): traffic that is not TLS is ignored, and a stream is picked up at the
/// first segment that begins with a handshake record holding a ClientHello, so a hello behind a SOCKS or STARTTLS
/// preamble is still found. Following stops at the first application-data or alert record, or at the first
/// handshake message that is not a ClientHello (the rest of a handshake is not needed and may be encrypted).
/// </remarks>
public sealed class HelloStreamReader(bool strict, int maxHelloBytes = HelloStreamReader.DefaultMaxHelloBytes)
{
    public const int DefaultMaxHelloBytes = 64 * 1024;
    /// <summary>TLSCiphertext.length limit, RFC 8446 section 5.2; the plaintext limit is 2^14.</summary>
    public const int MaxRecordLength = (1 << 14) + 256;
    private const int MaxHellosPerStream = 4;
    private const int FirstBytesKept = 64;

    private enum State { Unsynced, Following, Done }

    private State _state = strict ? State.Following : State.Unsynced;
    private byte[] _pending = [];
    private int _pendingCount;
    private byte[] _handshake = [];
    private int _handshakeCount;
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
        _pending = [];
        _pendingCount = 0;
        _handshake = [];
        _handshakeCount = 0;
    }

    /// <summary>True while a record or handshake message has started but not finished.</summary>
    public bool HasPartialMessage => _pendingCount > 0 || _handshakeCount > 0;

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
        Append(ref _pending, ref _pendingCount, data);
        Process(events);
    }

    /// <summary>
    /// A first record header that carries a ClientHello: type 22, version 3.x, a plausible length, and handshake
    /// type 1 when the sixth byte is present.
    /// </summary>
    public static bool LooksLikeClientHelloRecord(ReadOnlySpan<byte> s) =>
        s.Length >= 5 && s[0] == 22 && s[1] == 3 && s[2] <= 4 &&
        BinaryPrimitives.ReadUInt16BigEndian(s[3..]) is > 0 and <= MaxRecordLength &&
        (s.Length < 6 || s[5] == 1);

    private void Process(List<HelloStreamEvent> events)
    {
        var offset = 0;
        while (_state == State.Following && _pendingCount - offset > 0)
        {
            var s = _pending.AsSpan(offset, _pendingCount - offset);
            if (strict && offset == 0 && _hellos == 0 && _handshakeCount == 0 && BytesReceived == _pendingCount && (s[0] & 0x80) != 0)
            {
                if (!TrySslv2(s, events)) break;
                return;
            }
            if (s.Length < 5) break;
            var type = s[0];
            var length = BinaryPrimitives.ReadUInt16BigEndian(s[3..]);
            if (type is < 20 or > 23 || s[1] != 3)
            {
                Stop(events, offset == 0 && _hellos == 0 && _handshakeCount == 0 && BytesReceived == _pendingCount
                    ? $"not TLS: first bytes {Hex(s[..Math.Min(8, s.Length)])} are not a TLS record header"
                    : $"malformed record: invalid TLS record header {Hex(s[..5])} at stream offset {BytesReceived - _pendingCount + offset}");
                return;
            }
            if (length > MaxRecordLength)
            {
                Stop(events, $"oversized: record length {length} exceeds the TLS limit of {MaxRecordLength} (RFC 8446 section 5.2)");
                return;
            }
            if (length == 0 && type == 22)
            {
                Stop(events, "malformed record: empty handshake record (RFC 8446 section 5.1 forbids zero-length handshake fragments)");
                return;
            }
            if (s.Length < 5 + length)
            {
                // Judge a handshake header as soon as it arrives, so a huge length claim is not waited for.
                if (type == 22 && _handshakeCount == 0 && s.Length >= 9 && !CheckHandshakeHeader(s[5], (s[6] << 16) | (s[7] << 8) | s[8], events)) return;
                break;
            }
            var body = s.Slice(5, length);
            offset += 5 + length;
            switch (type)
            {
                case 22:
                    Append(ref _handshake, ref _handshakeCount, body);
                    if (!ProcessHandshake(events)) return;
                    break;
                case 20: // change_cipher_spec: TLS 1.3 middlebox compatibility sends one before a second ClientHello
                    if (_hellos == 0) { Stop(events, "unexpected: change_cipher_spec record before any ClientHello"); return; }
                    break;
                default: // alert or application_data: the hello part of the stream is over
                    if (_hellos == 0) { Stop(events, type == 21 ? $"unexpected: alert record before any ClientHello ({Hex(body[..Math.Min(2, body.Length)])})" : "unexpected: application_data record before any ClientHello"); return; }
                    _state = State.Done;
                    break;
            }
        }
        if (_state != State.Following) { _pendingCount = 0; return; }
        if (offset > 0)
        {
            _pending.AsSpan(offset, _pendingCount - offset).CopyTo(_pending);
            _pendingCount -= offset;
        }
    }

    private bool ProcessHandshake(List<HelloStreamEvent> events)
    {
        while (_handshakeCount >= 4)
        {
            var length = (_handshake[1] << 16) | (_handshake[2] << 8) | _handshake[3];
            if (!CheckHandshakeHeader(_handshake[0], length, events)) return false;
            if (_handshakeCount < 4 + length) return true;
            var message = _handshake.AsSpan(0, 4 + length).ToArray();
            _handshake.AsSpan(4 + length, _handshakeCount - 4 - length).CopyTo(_handshake);
            _handshakeCount -= 4 + length;
            _hellos++;
            events.Add(new HelloStreamEvent.Hello(message));
            if (strict || _hellos >= MaxHellosPerStream) { _state = State.Done; return false; }
        }
        return true;
    }

    /// <summary>False (and the stream stops) when a handshake header cannot start a ClientHello worth reading.</summary>
    private bool CheckHandshakeHeader(byte msgType, int length, List<HelloStreamEvent> events)
    {
        if (msgType != 1)
        {
            if (_hellos == 0) Stop(events, $"unexpected: first handshake message has type {msgType}, not client_hello (1)");
            else _state = State.Done;
            return false;
        }
        if (length > maxHelloBytes)
        {
            Stop(events, $"oversized: ClientHello length field {length} exceeds the limit of {maxHelloBytes} bytes");
            return false;
        }
        return true;
    }

    /// <summary>
    /// SSL 2.0-compatible CLIENT-HELLO (RFC 6101 appendix E.2; RFC 5246 appendix E.2): 2-byte header with the high
    /// bit set, msg_type 1. It is reported as malformed: it carries no extensions, so neither JA3 nor JA4 applies.
    /// </summary>
    private bool TrySslv2(ReadOnlySpan<byte> s, List<HelloStreamEvent> events)
    {
        if (s.Length < 5) return false;
        var length = ((s[0] & 0x7F) << 8) | s[1];
        if (s[2] != 1) { Stop(events, $"not TLS: first bytes {Hex(s[..Math.Min(8, s.Length)])} are not a TLS record header"); return true; }
        var version = BinaryPrimitives.ReadUInt16BigEndian(s[3..]);
        if (s.Length < 2 + length) return false;
        Stop(events, $"SSLv2: SSLv2-compatible ClientHello (version 0x{version:X4}, {length} bytes): SSL 2.0 record framing, no extensions");
        return true;
    }

    private void Stop(List<HelloStreamEvent> events, string reason)
    {
        if (strict) events.Add(new HelloStreamEvent.Malformed(reason, FirstBytes));
        _state = State.Done;
        _pendingCount = 0;
        _handshakeCount = 0;
    }

    private static void Append(ref byte[] buffer, ref int count, ReadOnlySpan<byte> data)
    {
        if (buffer.Length < count + data.Length)
            Array.Resize(ref buffer, Math.Max(count + data.Length, Math.Max(256, buffer.Length * 2)));
        data.CopyTo(buffer.AsSpan(count));
        count += data.Length;
    }

    private static string Hex(ReadOnlySpan<byte> s) => Convert.ToHexStringLower(s);
}
