using TlsDoctor.Registry;

namespace TlsDoctor.Wire;

/// <summary>
/// The one reader of the record layer (RFC 8446 section 5.1, RFC 5246 section 6.2) and of handshake framing: push bytes as
/// they arrive (from a socket, a TCP reassembler, a file) and it hands out whole <see cref="TlsMessage"/>s — handshake
/// messages reassembled across records or split within one, alerts, ChangeCipherSpec, application data, protected
/// records after ChangeCipherSpec, or one SSL 2.0 record at the start of the stream. Records may be split anywhere
/// across pushes. Bounded: a record longer than <see cref="TlsRecord.MaxFragmentLength"/> or a handshake message longer
/// than the limit given stops reading with <see cref="RecordAssemblerStatus.TooLarge"/>, judged as soon as the length
/// field arrives; nothing larger is ever buffered.
/// </summary>
/// <remarks>
/// Messages wholly inside one pushed chunk are slices of that chunk (no copy): a caller that reuses its buffer copies
/// the messages first. Offsets count from the first byte pushed.
/// </remarks>
public sealed class RecordAssembler(int maxHandshakeLength = RecordAssembler.DefaultMaxHandshakeLength, bool allowSslv2 = true)
{
    private const string Name = "record";

    /// <summary>
    /// Largest ClientHello (the uint24 length of the handshake message) any part of TlsDoctor reads or serves: the capture
    /// listener and pcap reader, the emulator and its TLS engine. Post-quantum key shares and every extension a real client
    /// sends stay far below; 64 KiB is 4 full records.
    /// </summary>
    public const int MaxHelloLength = 64 * 1024;

    /// <summary>Largest handshake message reassembled by default (a server's certificate chain above this is not plausible).</summary>
    public const int DefaultMaxHandshakeLength = 256 * 1024;

    private byte[] _record = [];          // a record split across pushes
    private int _recordCount;
    private long _recordStart;
    private bool _sslv2;
    private byte[]? _handshake;           // handshake bytes carried across records
    private int _handshakeCount;
    private int _handshakeOffset;
    private ushort _handshakeVersion;
    private bool _encrypted;
    private long _position;               // stream offset of the next byte pushed

    public RecordAssemblerStatus Status { get; private set; } = RecordAssemblerStatus.Reading;

    /// <summary>Why reading stopped (field and offset), once <see cref="Status"/> is NotTls, Malformed or TooLarge.</summary>
    public DecodeError? Error { get; private set; }

    /// <summary>Whole records read.</summary>
    public int Records { get; private set; }

    /// <summary>Bytes that formed whole records (a record still arriving is not counted).</summary>
    public long ConsumedBytes { get; private set; }

    /// <summary>True while a record or a handshake message has started but not finished.</summary>
    public bool HasPartialMessage => _recordCount > 0 || _handshakeCount > 0;

    /// <summary>True while reading goes on (no SSL 2.0 record ended it, no error).</summary>
    public bool IsReading => Status == RecordAssemblerStatus.Reading;

    /// <summary>
    /// When set, an SSL 2.0 record at the start must carry this message type (1: CLIENT-HELLO, 4: SERVER-HELLO); any other
    /// third byte means the stream is not TLS at all, known after three bytes instead of after a whole record.
    /// </summary>
    public byte? Sslv2MessageType { get; init; }

    /// <summary>Takes the next bytes of the stream; appends every message they complete to <paramref name="output"/>. False once reading has stopped.</summary>
    public bool Push(ReadOnlyMemory<byte> data, List<TlsMessage> output)
    {
        if (!IsReading) return false;
        if (data.IsEmpty) return true;
        var start = _position;
        _position += data.Length;

        if (start == 0 && allowSslv2 && (data.Span[0] & 0x80) != 0 || _sslv2)
            return PushSslv2(data, output);

        var offset = 0;
        if (_recordCount > 0)
        {
            // Complete the record split across pushes: first its header, then its fragment.
            if (_recordCount < TlsRecord.HeaderLength)
            {
                var take = Math.Min(data.Length, TlsRecord.HeaderLength - _recordCount);
                Append(ref _record, ref _recordCount, data.Span[..take]);
                offset = take;
                if (!CheckHeader(_record.AsSpan(0, _recordCount), _recordStart)) return false;
                if (_recordCount < TlsRecord.HeaderLength) return true;
            }
            var need = RecordNeed(_record.AsSpan(0, _recordCount));
            var more = Math.Min(data.Length - offset, need - _recordCount);
            Append(ref _record, ref _recordCount, data.Span.Slice(offset, more));
            offset += more;
            if (_recordCount < need) return PeekHandshakeHeader(_record.AsSpan(0, _recordCount), _recordStart);
            var whole = _record.AsSpan(0, need).ToArray();
            _recordCount = 0;
            if (!TakeRecord(whole, (int)_recordStart, output)) return false;
        }

        while (offset < data.Length)
        {
            var rest = data.Span[offset..];
            var recordStart = start + offset;
            if (!CheckHeader(rest, recordStart)) return false;
            if (rest.Length < TlsRecord.HeaderLength || rest.Length < RecordNeed(rest))
            {
                if (rest.Length >= TlsRecord.HeaderLength && !PeekHandshakeHeader(rest, recordStart)) return false;
                _recordStart = recordStart;
                Append(ref _record, ref _recordCount, rest);
                return true;
            }
            var length = RecordNeed(rest);
            if (!TakeRecord(data.Slice(offset, length), (int)recordStart, output)) return false;
            offset += length;
        }
        return true;
    }

    /// <summary>
    /// Takes bytes of the handshake layer directly, without records (a QUIC CRYPTO stream, decrypted TLS 1.3 records):
    /// appends every handshake message they complete. <paramref name="origin"/> is the stream offset of the first byte.
    /// </summary>
    public bool PushHandshake(ReadOnlyMemory<byte> data, int origin, List<TlsMessage> output)
    {
        if (!IsReading) return false;
        return TakeHandshake(data, 0x0304, origin, output);
    }

    private static int RecordNeed(ReadOnlySpan<byte> header) =>
        header.Length < TlsRecord.HeaderLength ? -1 : TlsRecord.HeaderLength + (header[3] << 8 | header[4]);

    /// <summary>Judges a record header from its first byte on (<paramref name="s"/> may hold only part of it).</summary>
    private bool CheckHeader(ReadOnlySpan<byte> s, long at)
    {
        var type = s[0];
        if (type is < 20 or > 24)
            return Fail(at == 0 ? RecordAssemblerStatus.NotTls : RecordAssemblerStatus.Malformed,
                DecodeError.InvalidValue(Name, "content type", (int)at, $"0x{type:X2} is not a TLS record type (first bytes {Hex(s)})"));
        if (s.Length < 2) return true;
        if (s[1] != 3)
            return Fail(at == 0 ? RecordAssemblerStatus.NotTls : RecordAssemblerStatus.Malformed,
                DecodeError.InvalidValue(Name, "legacy_record_version", (int)at + 1, $"{(s.Length >= 3 ? Codepoint.Format((ushort)(s[1] << 8 | s[2])) : $"0x{s[1]:X2}..")} is not SSLv3/TLS"));
        if (s.Length < TlsRecord.HeaderLength) return true;
        var length = s[3] << 8 | s[4];
        // Plaintext records carry at most 2^14 bytes (RFC 8446 5.1: record_overflow); protected ones (application data,
        // anything after ChangeCipherSpec) up to 2^14 + 2048 (RFC 5246 6.2.3).
        var limit = _encrypted || type == (byte)ContentType.ApplicationData ? TlsRecord.MaxFragmentLength : TlsRecord.MaxPlaintextLength;
        if (length > limit)
            return Fail(RecordAssemblerStatus.TooLarge, DecodeError.TooLarge(Name, "length", (int)at + 3, $"{length} bytes exceeds {limit} (RFC 8446 5.1, record_overflow)"));
        if (length == 0 && type == (byte)ContentType.Handshake)
            return Fail(RecordAssemblerStatus.Malformed, DecodeError.InvalidLength(Name, "length", (int)at + 3, "empty handshake record (RFC 8446 5.1 forbids zero-length handshake fragments)"));
        if (_handshakeCount > 0 && type != (byte)ContentType.Handshake)
            return Fail(RecordAssemblerStatus.Malformed, DecodeError.InvalidValue(Name, "content type", (int)at,
                $"{(ContentType)type} record interleaved with a fragmented handshake message (RFC 8446 5.1)"));
        return true;
    }

    /// <summary>A handshake length claim above the limit is refused as soon as it is seen, not after it was waited for.</summary>
    private bool PeekHandshakeHeader(ReadOnlySpan<byte> partialRecord, long at)
    {
        if (partialRecord[0] != (byte)ContentType.Handshake || _handshakeCount > 0 || _encrypted || partialRecord.Length < TlsRecord.HeaderLength + HandshakeHeader.Length) return true;
        var f = partialRecord[TlsRecord.HeaderLength..];
        return CheckHandshakeLength(f[1] << 16 | f[2] << 8 | f[3], (int)at + TlsRecord.HeaderLength + 1);
    }

    private bool CheckHandshakeLength(int bodyLength, int at) =>
        bodyLength <= maxHandshakeLength
        || Fail(RecordAssemblerStatus.TooLarge, DecodeError.TooLarge(Name, "handshake length", at, $"{bodyLength} bytes exceeds the limit of {maxHandshakeLength}"));

    private bool TakeRecord(ReadOnlyMemory<byte> record, int at, List<TlsMessage> output)
    {
        var s = record.Span;
        var contentType = (ContentType)s[0];
        var version = (ushort)(s[1] << 8 | s[2]);
        var fragment = record[TlsRecord.HeaderLength..];
        var fragmentOffset = at + TlsRecord.HeaderLength;
        Records++;
        ConsumedBytes = at + record.Length;

        if (_encrypted && contentType is ContentType.Handshake or ContentType.Alert && !IsPlaintextHelloAfterChangeCipherSpec(contentType, fragment.Span))
        {
            output.Add(new TlsMessage(TlsMessageKind.Encrypted, fragment, version, fragmentOffset));
            return true;
        }
        switch (contentType)
        {
            case ContentType.ChangeCipherSpec:
                output.Add(new TlsMessage(TlsMessageKind.ChangeCipherSpec, fragment, version, fragmentOffset));
                _encrypted = true;
                return true;
            case ContentType.ApplicationData:
                output.Add(new TlsMessage(TlsMessageKind.ApplicationData, fragment, version, fragmentOffset));
                return true;
            case ContentType.Heartbeat:
                output.Add(new TlsMessage(TlsMessageKind.Heartbeat, fragment, version, fragmentOffset));
                return true;
            case ContentType.Alert:
                if (fragment.Length == 0 || fragment.Length % 2 != 0)
                    return Fail(RecordAssemblerStatus.Malformed, DecodeError.InvalidLength(Name, "alert fragment", fragmentOffset, $"{fragment.Length} bytes is not a whole number of alerts"));
                for (var i = 0; i < fragment.Length; i += 2)
                    output.Add(new TlsMessage(TlsMessageKind.Alert, fragment.Slice(i, 2), version, fragmentOffset + i));
                return true;
            default:
                return TakeHandshake(fragment, version, fragmentOffset, output);
        }
    }

    private bool TakeHandshake(ReadOnlyMemory<byte> fragment, ushort version, int fragmentOffset, List<TlsMessage> output)
    {
        if (_handshakeCount == 0)
        {
            // Messages wholly inside this fragment are slices of it; a tail starts the carry buffer.
            var f = fragment.Span;
            var p = 0;
            while (f.Length - p >= HandshakeHeader.Length)
            {
                var bodyLength = f[p + 1] << 16 | f[p + 2] << 8 | f[p + 3];
                if (!CheckHandshakeLength(bodyLength, fragmentOffset + p + 1)) return false;
                if (f.Length - p - HandshakeHeader.Length < bodyLength) break;
                output.Add(new TlsMessage(TlsMessageKind.Handshake, fragment.Slice(p, HandshakeHeader.Length + bodyLength), version, fragmentOffset + p));
                p += HandshakeHeader.Length + bodyLength;
            }
            if (p < f.Length)
            {
                _handshake ??= new byte[Math.Max(1024, f.Length - p)];
                _handshakeCount = 0;
                Append(ref _handshake, ref _handshakeCount, f[p..]);
                _handshakeOffset = fragmentOffset + p;
                _handshakeVersion = version;
            }
            return true;
        }

        Append(ref _handshake!, ref _handshakeCount, fragment.Span);
        var q = 0;
        var start = _handshakeOffset;
        while (_handshakeCount - q >= HandshakeHeader.Length)
        {
            var bodyLength = _handshake[q + 1] << 16 | _handshake[q + 2] << 8 | _handshake[q + 3];
            if (!CheckHandshakeLength(bodyLength, start + 1)) return false;
            if (_handshakeCount - q - HandshakeHeader.Length < bodyLength) break;
            var message = _handshake.AsSpan(q, HandshakeHeader.Length + bodyLength).ToArray();
            output.Add(new TlsMessage(TlsMessageKind.Handshake, message, _handshakeVersion, start));
            q += message.Length;
            start = fragmentOffset; // later messages begin in this fragment
        }
        if (q > 0)
        {
            _handshake.AsSpan(q, _handshakeCount - q).CopyTo(_handshake);
            _handshakeCount -= q;
            _handshakeOffset = fragmentOffset + Math.Max(0, fragment.Length - _handshakeCount);
        }
        return true;
    }

    /// <summary>
    /// SSL 2.0 record (draft-hickman-netscape-ssl-00 section 1.2): a 2-byte header with the high bit set. Only the first
    /// record of a stream can be one; once it is whole, reading ends (what follows is SSL 2.0, not TLS).
    /// </summary>
    private bool PushSslv2(ReadOnlyMemory<byte> data, List<TlsMessage> output)
    {
        _sslv2 = true;
        Append(ref _record, ref _recordCount, data.Span);
        if (_recordCount >= 3 && Sslv2MessageType is { } expected && _record[2] != expected)
            return Fail(RecordAssemblerStatus.NotTls, DecodeError.InvalidValue(Name, "content type", 0,
                $"first bytes {Hex(_record.AsSpan(0, _recordCount))} are neither a TLS record nor an SSL 2.0 message of type {expected}"));
        if (_recordCount < 2) return true;
        var length = 2 + ((_record[0] & 0x7F) << 8 | _record[1]);
        if (_recordCount < length) return true;
        output.Add(new TlsMessage(TlsMessageKind.Sslv2, _record.AsSpan(0, length).ToArray(), 0x0002, 0));
        Records = 1;
        ConsumedBytes = length;
        _recordCount = 0;
        Status = RecordAssemblerStatus.Sslv2;
        return false;
    }

    /// <summary>
    /// In TLS 1.3 a ChangeCipherSpec is only for middlebox compatibility (RFC 8446 D.4): after a HelloRetryRequest the
    /// server (and the client, before its second ClientHello) sends one, and the next hello is still plaintext. A TLS ≤ 1.2
    /// Finished after ChangeCipherSpec is encrypted, and starts with a nonce or IV, so a hello header whose length fits the
    /// record exactly marks the plaintext case.
    /// </summary>
    private static bool IsPlaintextHelloAfterChangeCipherSpec(ContentType type, ReadOnlySpan<byte> fragment)
    {
        if (type != ContentType.Handshake || fragment.Length < HandshakeHeader.Length) return false;
        if (fragment[0] is not ((byte)HandshakeType.ClientHello or (byte)HandshakeType.ServerHello)) return false;
        var length = fragment[1] << 16 | fragment[2] << 8 | fragment[3];
        return length >= 38 && HandshakeHeader.Length + length <= fragment.Length;
    }

    private bool Fail(RecordAssemblerStatus status, DecodeError error)
    {
        Status = status;
        Error = error;
        _record = [];
        _recordCount = 0;
        _handshake = null;
        _handshakeCount = 0;
        return false;
    }

    private static void Append(ref byte[] buffer, ref int count, ReadOnlySpan<byte> data)
    {
        if (buffer.Length < count + data.Length)
            Array.Resize(ref buffer, Math.Max(count + data.Length, Math.Max(256, buffer.Length * 2)));
        data.CopyTo(buffer.AsSpan(count));
        count += data.Length;
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes[..Math.Min(8, bytes.Length)]);
}
