using TlsDoctor.Registry;

namespace TlsDoctor.Wire;

/// <summary>
/// A ServerHello or HelloRetryRequest, RFC 8446 section 4.1.3 / RFC 5246 section 7.4.1.3:
/// <code>
/// struct {
///     ProtocolVersion legacy_version;             // server_version before TLS 1.3
///     Random random;
///     opaque legacy_session_id_echo&lt;0..32&gt;;
///     CipherSuite cipher_suite;
///     uint8 legacy_compression_method;
///     Extension extensions&lt;6..2^16-1&gt;;          // may be absent before TLS 1.3
/// } ServerHello;
/// </code>
/// A HelloRetryRequest is a ServerHello whose random is SHA-256("HelloRetryRequest") (RFC 8446 4.1.3);
/// <see cref="IsHelloRetryRequest"/> tells them apart.
/// </summary>
public sealed record ServerHello
{
    private const string Name = "ServerHello";

    /// <summary>The special random that marks a HelloRetryRequest (RFC 8446 section 4.1.3).</summary>
    public static ReadOnlySpan<byte> HelloRetryRequestRandom =>
    [
        0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
        0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C,
    ];

    private static ReadOnlySpan<byte> DowngradePrefix => "DOWNGRD"u8;

    public required ushort LegacyVersion { get; init; }
    public required ReadOnlyMemory<byte> Random { get; init; }
    public ReadOnlyMemory<byte> SessionId { get; init; } = ReadOnlyMemory<byte>.Empty;
    public required ushort CipherSuite { get; init; }
    public byte CompressionMethod { get; init; }
    /// <summary>In wire order; null when the message ends after the compression method.</summary>
    public IReadOnlyList<TlsExtension>? Extensions { get; init; } = [];
    public ReadOnlyMemory<byte>? RawBytes { get; init; }
    public IReadOnlyList<Anomaly> Anomalies { get; init; } = [];

    public bool IsHelloRetryRequest => Random.Span.SequenceEqual(HelloRetryRequestRandom);

    public DowngradeSentinel DowngradeSentinel
    {
        get
        {
            var r = Random.Span;
            if (r.Length != 32 || !r.Slice(24, 7).SequenceEqual(DowngradePrefix)) return DowngradeSentinel.None;
            return r[31] switch { 1 => DowngradeSentinel.Tls12, 0 => DowngradeSentinel.Tls11OrBelow, _ => DowngradeSentinel.None };
        }
    }

    public TlsExtension? FindExtension(ushort type) => ExtensionBlock.Find(Extensions, type);
    public bool HasExtension(ushort type) => FindExtension(type) is not null;

    /// <summary>The selected_version of supported_versions (RFC 8446 4.2.1), or null when absent.</summary>
    public ushort? SupportedVersion =>
        FindExtension(ExtensionType.SupportedVersions) is { } e && ExtensionCodec.TryReadSingleUInt16(e.Data.Span, out var v) ? v : null;

    /// <summary>The negotiated version: supported_versions when present, legacy_version otherwise.</summary>
    public TlsVersion SelectedVersion => new(SupportedVersion ?? LegacyVersion);

    /// <summary>The server's key share (ServerHello), or null.</summary>
    public KeyShareEntry? KeyShare =>
        !IsHelloRetryRequest && FindExtension(ExtensionType.KeyShare) is { } e && ExtensionCodec.TryReadServerKeyShare(e.Data, out var k) ? k : null;

    /// <summary>The group the server chose: the HelloRetryRequest's selected_group or the ServerHello key share's group.</summary>
    public ushort? SelectedGroup
    {
        get
        {
            if (FindExtension(ExtensionType.KeyShare) is not { } e) return null;
            if (IsHelloRetryRequest) return ExtensionCodec.TryReadSingleUInt16(e.Data.Span, out var g) ? g : null;
            return ExtensionCodec.TryReadServerKeyShare(e.Data, out var k) ? k.Group : null;
        }
    }

    /// <summary>The ALPN protocol the server selected, or null.</summary>
    public string? Alpn =>
        FindExtension(ExtensionType.ApplicationLayerProtocolNegotiation) is { } e && ExtensionCodec.TryReadAlpn(e.Data.Span, out var p) && p.Length == 1 ? p[0] : null;

    /// <summary>The HelloRetryRequest cookie (RFC 8446 4.2.2) extension body, or null.</summary>
    public ReadOnlyMemory<byte>? Cookie => FindExtension(ExtensionType.Cookie)?.Data;

    public bool SupportsSecureRenegotiation => HasExtension(ExtensionType.RenegotiationInfo);
    public bool SupportsExtendedMasterSecret => HasExtension(ExtensionType.ExtendedMasterSecret);
    public bool SupportsEncryptThenMac => HasExtension(ExtensionType.EncryptThenMac);

    public static DecodeResult<ServerHello> Decode(ReadOnlySpan<byte> message, int origin = 0) => Decode(message.ToArray(), origin);

    [System.Runtime.CompilerServices.OverloadResolutionPriority(1)]
    public static DecodeResult<ServerHello> Decode(ReadOnlyMemory<byte> message, int origin = 0)
    {
        var r = new TlsReader(message.Span, origin);
        if (HandshakeHeader.TryRead(ref r, HandshakeType.ServerHello, Name, out var body) is { } headerError) return headerError;
        List<Anomaly>? anomalies = null;
        var at = body.Offset;
        if (!body.TryReadUInt16(out var version)) return DecodeError.Truncated(Name, "legacy_version", at);
        at = body.Offset;
        if (!body.TryReadBytes(32, out _)) return DecodeError.Truncated(Name, "random", at);
        var random = message.Slice(at - origin, 32);
        at = body.Offset;
        if (!body.TryReadVector8(out ReadOnlySpan<byte> sid)) return DecodeError.Truncated(Name, "legacy_session_id_echo", at);
        if (sid.Length > 32) return DecodeError.InvalidLength(Name, "legacy_session_id_echo", at, $"{sid.Length} bytes, at most 32 allowed");
        var sessionId = message.Slice(at + 1 - origin, sid.Length);
        at = body.Offset;
        if (!body.TryReadUInt16(out var suite)) return DecodeError.Truncated(Name, "cipher_suite", at);
        at = body.Offset;
        if (!body.TryReadUInt8(out var compression)) return DecodeError.Truncated(Name, "legacy_compression_method", at);
        if (compression != 0) Anomaly.Add(ref anomalies, new Anomaly(AnomalyKind.UnexpectedCompression, $"compression method {compression} selected", at));
        TlsExtension[]? extensions = null;
        if (!body.IsEmpty)
        {
            if (ExtensionBlock.TryRead(ref body, message, origin, Name, HandshakeType.ServerHello, ref anomalies, out var list) is { } error) return error;
            extensions = list;
            if (!body.IsEmpty) return DecodeError.TrailingBytes(Name, "extensions", body.Offset);
        }
        var hello = new ServerHello
        {
            LegacyVersion = version,
            Random = random,
            SessionId = sessionId,
            CipherSuite = suite,
            CompressionMethod = compression,
            Extensions = extensions,
            RawBytes = message,
        };
        if (hello.SupportedVersion is { } sv && sv >= 0x0304 && version != 0x0303)
            Anomaly.Add(ref anomalies, new Anomaly(AnomalyKind.UnexpectedLegacyVersion, $"legacy_version {Codepoint.Format(version)} with TLS 1.3 selected (RFC 8446 4.1.3 requires 0x0303)", origin + 4));
        if (hello.DowngradeSentinel != DowngradeSentinel.None)
            Anomaly.Add(ref anomalies, new Anomaly(AnomalyKind.DowngradeSentinel, $"random ends with the {hello.DowngradeSentinel} downgrade sentinel (RFC 8446 4.1.3)", origin + 6 + 24));
        return anomalies is null ? hello : hello with { Anomalies = anomalies };
    }

    public void Encode(TlsWriter w)
    {
        w.WriteUInt8((byte)HandshakeType.ServerHello);
        using (w.Vector24())
        {
            w.WriteUInt16(LegacyVersion);
            if (Random.Length != 32) throw new InvalidOperationException("ServerHello.Random must be 32 bytes");
            w.WriteBytes(Random.Span);
            w.WriteVector8(SessionId.Span);
            w.WriteUInt16(CipherSuite);
            w.WriteUInt8(CompressionMethod);
            if (Extensions is not null) ExtensionBlock.Write(w, Extensions);
        }
    }

    public byte[] ToBytes()
    {
        var w = new TlsWriter(256);
        Encode(w);
        return w.ToArray();
    }
}
