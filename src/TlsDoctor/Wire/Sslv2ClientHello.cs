using TlsDoctor.Registry;

namespace TlsDoctor.Wire;

/// <summary>
/// The SSL 2.0 CLIENT-HELLO (draft-hickman-netscape-ssl-00 appendix / RFC 6101 appendix E.1), also the
/// SSLv2-compatible form of an SSLv3/TLS hello (RFC 5246 appendix E.2) when <see cref="Version"/> is 0x0300 or above:
/// <code>
/// uint8  msg_type = 1;            // after a 2-byte record header with the high bit set: length = 15 bits
/// uint16 version;
/// uint16 cipher_spec_length;      // a multiple of 3
/// uint16 session_id_length;       // 0 or 16
/// uint16 challenge_length;        // 16..32
/// V2CipherSpec cipher_specs[cipher_spec_length / 3];   // uint24 each; 0x00XXXX carries a TLS suite
/// opaque session_id[session_id_length];
/// opaque challenge[challenge_length];
/// </code>
/// </summary>
public sealed record Sslv2ClientHello
{
    private const string Name = "SSLv2 CLIENT-HELLO";

    public required ushort Version { get; init; }
    /// <summary>Three-byte cipher kinds in order (SSL 2.0 kinds and 0x00XXXX TLS suites).</summary>
    public required IReadOnlyList<uint> CipherSpecs { get; init; }
    public ReadOnlyMemory<byte> SessionId { get; init; } = ReadOnlyMemory<byte>.Empty;
    public required ReadOnlyMemory<byte> Challenge { get; init; }
    /// <summary>The whole record (header included) as decoded.</summary>
    public ReadOnlyMemory<byte>? RawBytes { get; init; }
    public IReadOnlyList<Anomaly> Anomalies { get; init; } = [];

    /// <summary>The TLS cipher suites among the specs (those of the form 0x00XXXX).</summary>
    public IReadOnlyList<ushort> TlsCipherSuites => CipherSpecs.Where(s => s <= 0xFFFF).Select(s => (ushort)s).ToArray();
    /// <summary>The SSL 2.0-only kinds (first byte non-zero).</summary>
    public IReadOnlyList<uint> Sslv2CipherKinds => CipherSpecs.Where(s => s > 0xFFFF).ToArray();

    public static DecodeResult<Sslv2ClientHello> Decode(ReadOnlySpan<byte> record, int origin = 0) => Decode(record.ToArray(), origin);

    [System.Runtime.CompilerServices.OverloadResolutionPriority(1)]
    public static DecodeResult<Sslv2ClientHello> Decode(ReadOnlyMemory<byte> record, int origin = 0)
    {
        var r = new TlsReader(record.Span, origin);
        if (!r.TryReadUInt16(out var header)) return DecodeError.Truncated(Name, "record header", origin);
        if ((header & 0x8000) == 0) return DecodeError.InvalidValue(Name, "record header", origin, "not a 2-byte SSL 2.0 header (high bit clear)");
        var length = header & 0x7FFF;
        if (!r.TryReadReader(length, out var body)) return DecodeError.Truncated(Name, "record body", origin + 2);
        if (!r.IsEmpty) return DecodeError.TrailingBytes(Name, "record body", r.Offset);
        var at = body.Offset;
        if (!body.TryReadUInt8(out var type)) return DecodeError.Truncated(Name, "msg_type", at);
        if (type != 1) return DecodeError.InvalidValue(Name, "msg_type", at, $"expected 1 (CLIENT-HELLO), found {type}");
        at = body.Offset;
        if (!body.TryReadUInt16(out var version)) return DecodeError.Truncated(Name, "version", at);
        if (!body.TryReadUInt16(out var specLength)) return DecodeError.Truncated(Name, "cipher_spec_length", body.Offset);
        if (!body.TryReadUInt16(out var sessionLength)) return DecodeError.Truncated(Name, "session_id_length", body.Offset);
        if (!body.TryReadUInt16(out var challengeLength)) return DecodeError.Truncated(Name, "challenge_length", body.Offset);
        if (specLength % 3 != 0) return DecodeError.InvalidLength(Name, "cipher_spec_length", at + 2, $"{specLength} is not a multiple of 3");
        at = body.Offset;
        if (!body.TryReadReader(specLength, out var specs)) return DecodeError.Truncated(Name, "cipher_specs", at);
        var list = new uint[specLength / 3];
        for (var i = 0; i < list.Length; i++) { specs.TryReadUInt24(out var v); list[i] = (uint)v; }
        at = body.Offset;
        if (!body.TryReadBytes(sessionLength, out _)) return DecodeError.Truncated(Name, "session_id", at);
        var sessionId = record.Slice(at - origin, sessionLength);
        at = body.Offset;
        if (!body.TryReadBytes(challengeLength, out _)) return DecodeError.Truncated(Name, "challenge", at);
        var challenge = record.Slice(at - origin, challengeLength);
        if (!body.IsEmpty) return DecodeError.TrailingBytes(Name, "challenge", body.Offset);
        var anomalies = new List<Anomaly>();
        if (challengeLength is < 16 or > 32)
            anomalies.Add(new Anomaly(AnomalyKind.Other, $"challenge of {challengeLength} bytes (SSL 2.0 requires 16..32)", at));
        return new Sslv2ClientHello
        {
            Version = version, CipherSpecs = list, SessionId = sessionId, Challenge = challenge, RawBytes = record, Anomalies = anomalies,
        };
    }

    /// <summary>Writes the whole record (2-byte header included).</summary>
    public void Encode(TlsWriter w)
    {
        var length = 9 + 3 * CipherSpecs.Count + SessionId.Length + Challenge.Length;
        if (length > 0x7FFF) throw new InvalidOperationException("SSLv2 CLIENT-HELLO longer than 32767 bytes");
        w.WriteUInt16((ushort)(0x8000 | length));
        w.WriteUInt8(1);
        w.WriteUInt16(Version);
        w.WriteUInt16((ushort)(3 * CipherSpecs.Count));
        w.WriteUInt16((ushort)SessionId.Length);
        w.WriteUInt16((ushort)Challenge.Length);
        foreach (var s in CipherSpecs) w.WriteUInt24((int)s);
        w.WriteBytes(SessionId.Span);
        w.WriteBytes(Challenge.Span);
    }

    public byte[] ToBytes()
    {
        var w = new TlsWriter(256);
        Encode(w);
        return w.ToArray();
    }

    /// <summary>
    /// The SSLv2-compatible form of a TLS ClientHello (RFC 5246 appendix E.2): its legacy_version, its suites as 0x00XXXX
    /// specs after any SSL 2.0 <paramref name="sslv2Kinds"/>, and its 32-byte random as the challenge (which the server
    /// then uses as ClientHello.random). Extensions, session id and compression cannot be expressed and are dropped.
    /// </summary>
    public static Sslv2ClientHello FromClientHello(ClientHello hello, IEnumerable<uint>? sslv2Kinds = null) => new()
    {
        Version = hello.LegacyVersion,
        CipherSpecs = (sslv2Kinds ?? []).Concat(hello.CipherSuites.Select(s => (uint)s)).ToArray(),
        Challenge = hello.Random,
    };

    /// <summary>An SSL 2.0 hello (<paramref name="version"/> 0x0002) or the compatible form of a TLS hello (RFC 5246 E.2).</summary>
    public static Sslv2ClientHello Create(ushort version, IEnumerable<uint> cipherSpecs, RandomSource random, int challengeLength = 16) => new()
    {
        Version = version,
        CipherSpecs = cipherSpecs.ToArray(),
        Challenge = random.GetBytes(challengeLength),
    };
}
