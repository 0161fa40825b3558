using TlsDoctor.Registry;

namespace TlsDoctor.Wire;

/// <summary>
/// A TLS ClientHello (SSLv3 and TLS 1.0–1.3), RFC 8446 section 4.1.2 / RFC 5246 section 7.4.1.2:
/// <code>
/// struct {
///     ProtocolVersion legacy_version;             // client_version before TLS 1.3
///     Random random;                              // 32 bytes
///     opaque legacy_session_id&lt;0..32&gt;;
///     CipherSuite cipher_suites&lt;2..2^16-2&gt;;
///     opaque legacy_compression_methods&lt;1..2^8-1&gt;;
///     Extension extensions&lt;8..2^16-1&gt;;          // absent in SSLv3 / early TLS hellos
/// } ClientHello;
/// </code>
/// Every field is kept as sent (order, GREASE, unknown values) so <see cref="Encode"/> rebuilds the
/// decoded bytes exactly. Typed views (<see cref="ServerName"/>, <see cref="SupportedGroups"/>, …) are read from the
/// extension list once, on first access; an extension whose body breaks its structure has an empty view and is listed in
/// <see cref="MalformedExtensions"/> (and, for a decoded hello, in <see cref="Anomalies"/>).
/// </summary>
public sealed record ClientHello
{
    private const string Name = "ClientHello";

    public required ushort LegacyVersion { get; init; }
    /// <summary>32 bytes.</summary>
    public required ReadOnlyMemory<byte> Random { get; init; }
    public ReadOnlyMemory<byte> SessionId { get; init; } = ReadOnlyMemory<byte>.Empty;
    public required IReadOnlyList<ushort> CipherSuites { get; init; }
    public IReadOnlyList<byte> CompressionMethods { get; init; } = [0];
    /// <summary>In wire order; null when the hello has no extensions block at all (distinct from an empty block).</summary>
    public IReadOnlyList<TlsExtension>? Extensions
    {
        get => _extensions;
        // A `with` copy that replaces the extensions reads its typed views afresh.
        init { _extensions = value; _views = null; }
    }
    private readonly IReadOnlyList<TlsExtension>? _extensions = [];
    private ExtensionViews? _views;
    /// <summary>The handshake message exactly as decoded (4-byte header included); null for a built hello.</summary>
    public ReadOnlyMemory<byte>? RawBytes { get; init; }
    public IReadOnlyList<Anomaly> Anomalies { get; init; } = [];

    public TlsVersion LegacyTlsVersion => new(LegacyVersion);

    /// <summary>Decodes a handshake message (type 1, uint24 length, body). Offsets in errors count from <paramref name="origin"/>.</summary>
    public static DecodeResult<ClientHello> Decode(ReadOnlySpan<byte> message, int origin = 0) => Decode(message.ToArray(), origin);

    /// <summary>Decodes without copying: the result's byte fields are slices of <paramref name="message"/>.</summary>
    [System.Runtime.CompilerServices.OverloadResolutionPriority(1)]
    public static DecodeResult<ClientHello> Decode(ReadOnlyMemory<byte> message, int origin = 0)
    {
        var r = new TlsReader(message.Span, origin);
        if (HandshakeHeader.TryRead(ref r, HandshakeType.ClientHello, Name, out var body) is { } headerError) return headerError;
        return DecodeBody(ref body, message, origin);
    }

    private static DecodeResult<ClientHello> DecodeBody(ref TlsReader r, ReadOnlyMemory<byte> raw, int origin)
    {
        List<Anomaly>? anomalies = null;
        var at = r.Offset;
        if (!r.TryReadUInt16(out var version)) return DecodeError.Truncated(Name, "legacy_version", at);
        at = r.Offset;
        if (!r.TryReadBytes(32, out _)) return DecodeError.Truncated(Name, "random", at);
        var random = raw.Slice(at - origin, 32);
        at = r.Offset;
        if (!r.TryReadVector8(out ReadOnlySpan<byte> sessionIdSpan)) return DecodeError.Truncated(Name, "legacy_session_id", at);
        if (sessionIdSpan.Length > 32) return DecodeError.InvalidLength(Name, "legacy_session_id", at, $"{sessionIdSpan.Length} bytes, at most 32 allowed");
        var sessionId = raw.Slice(at + 1 - origin, sessionIdSpan.Length);
        at = r.Offset;
        if (!r.TryReadVector16(out TlsReader suites)) return DecodeError.Truncated(Name, "cipher_suites", at);
        if (suites.Remaining % 2 != 0) return DecodeError.InvalidLength(Name, "cipher_suites", at, "odd number of bytes");
        if (suites.Remaining == 0) Anomaly.Add(ref anomalies, new Anomaly(AnomalyKind.EmptyList, "cipher_suites is empty", at));
        var cipherSuites = new ushort[suites.Remaining / 2];
        for (var i = 0; i < cipherSuites.Length; i++) suites.TryReadUInt16(out cipherSuites[i]);
        at = r.Offset;
        if (!r.TryReadVector8(out ReadOnlySpan<byte> compression)) return DecodeError.Truncated(Name, "legacy_compression_methods", at);
        if (compression.Length == 0) Anomaly.Add(ref anomalies, new Anomaly(AnomalyKind.EmptyList, "legacy_compression_methods is empty", at));

        TlsExtension[]? extensions = null;
        if (!r.IsEmpty)
        {
            if (ExtensionBlock.TryRead(ref r, raw, origin, Name, HandshakeType.ClientHello, ref anomalies, out var list) is { } error) return error;
            extensions = list;
            if (!r.IsEmpty) return DecodeError.TrailingBytes(Name, "extensions", r.Offset);
        }
        if (version < 0x0300 || version > 0x0303)
            Anomaly.Add(ref anomalies, new Anomaly(AnomalyKind.UnexpectedLegacyVersion,
                $"legacy_version {Codepoint.Format(version)} (RFC 8446 4.1.2 requires 0x0303 from TLS 1.3 clients; SSLv3–TLS 1.2 use 0x0300–0x0303)", origin + 4));

        return new ClientHello
        {
            LegacyVersion = version,
            Random = random,
            SessionId = sessionId,
            CipherSuites = cipherSuites,
            CompressionMethods = compression.ToArray(),
            Extensions = extensions,
            RawBytes = raw,
            Anomalies = (IReadOnlyList<Anomaly>?)anomalies ?? [],
        };
    }

    /// <summary>Writes the handshake message (header included).</summary>
    public void Encode(TlsWriter w)
    {
        w.WriteUInt8((byte)HandshakeType.ClientHello);
        using (w.Vector24())
        {
            w.WriteUInt16(LegacyVersion);
            if (Random.Length != 32) throw new InvalidOperationException("ClientHello.Random must be 32 bytes");
            w.WriteBytes(Random.Span);
            w.WriteVector8(SessionId.Span);
            using (w.Vector16())
                for (var i = 0; i < CipherSuites.Count; i++) w.WriteUInt16(CipherSuites[i]);
            using (w.Vector8())
                for (var i = 0; i < CompressionMethods.Count; i++) w.WriteUInt8(CompressionMethods[i]);
            if (Extensions is not null) ExtensionBlock.Write(w, Extensions);
        }
    }

    /// <summary>The handshake message bytes (header included).</summary>
    public byte[] ToBytes()
    {
        var w = new TlsWriter(512);
        Encode(w);
        return w.ToArray();
    }

    /// <summary>The hello wrapped in handshake records (split at 2^14 bytes, RFC 8446 5.1).</summary>
    public byte[] ToRecord(ushort recordVersion = 0x0301) => TlsRecord.Wrap(ContentType.Handshake, recordVersion, ToBytes());

    /// <summary>Length of the handshake message this hello encodes to (header included).</summary>
    public int EncodedLength
    {
        get
        {
            var n = HandshakeHeader.Length + 2 + 32 + 1 + SessionId.Length + 2 + 2 * CipherSuites.Count + 1 + CompressionMethods.Count;
            if (Extensions is not null) { n += 2; foreach (var e in Extensions) n += 4 + e.Data.Length; }
            return n;
        }
    }

    // ---- typed views ----------------------------------------------------------------------------

    public TlsExtension? FindExtension(ushort type) => ExtensionBlock.Find(Extensions, type);
    public bool HasExtension(ushort type) => FindExtension(type) is not null;

    /// <summary>The host_name of server_name (RFC 6066 section 3), or null.</summary>
    public string? ServerName => Views.ServerName;

    /// <summary>supported_groups in order (GREASE kept); empty when absent or malformed.</summary>
    public IReadOnlyList<ushort> SupportedGroups => Views.SupportedGroups;
    public IReadOnlyList<ushort> SignatureAlgorithms => Views.SignatureAlgorithms;
    public IReadOnlyList<ushort> SignatureAlgorithmsCert => Views.SignatureAlgorithmsCert;

    /// <summary>supported_versions (RFC 8446 4.2.1) in order, GREASE and drafts kept; null when the extension is absent or malformed.</summary>
    public IReadOnlyList<ushort>? SupportedVersions => Views.SupportedVersions;

    public IReadOnlyList<byte> EcPointFormats => Views.EcPointFormats;
    public IReadOnlyList<byte> PskKeyExchangeModes => Views.PskKeyExchangeModes;
    public IReadOnlyList<string> Alpn => Views.Alpn;
    public IReadOnlyList<KeyShareEntry> KeyShares => Views.KeyShares;

    /// <summary>Types of the extensions above whose body does not match its structure, so their view is empty.</summary>
    public IReadOnlyList<ushort> MalformedExtensions => Views.Malformed;

    /// <summary>Extension types that appear more than once (GREASE aside), in order of their second appearance (RFC 8446 4.2 forbids it).</summary>
    public IReadOnlyList<ushort> DuplicateExtensions => Views.Duplicates;

    /// <summary>TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746) among the suites, or a renegotiation_info extension.</summary>
    public bool SupportsSecureRenegotiation => CipherSuites.Contains((ushort)0x00FF) || HasExtension(ExtensionType.RenegotiationInfo);
    /// <summary>TLS_FALLBACK_SCSV (RFC 7507) among the suites.</summary>
    public bool SupportsFallbackScsv => CipherSuites.Contains((ushort)0x5600);
    public bool HasGrease => CipherSuites.Any(Grease.IsGrease) || (Extensions?.Any(e => e.IsGrease) ?? false);

    private ExtensionViews Views => _views ??= new ExtensionViews(_extensions);

    /// <summary>Every typed view, read in one pass over the extensions (the first of duplicates counts).</summary>
    private sealed class ExtensionViews
    {
        public readonly string? ServerName;
        public readonly IReadOnlyList<ushort> SupportedGroups = [];
        public readonly IReadOnlyList<ushort> SignatureAlgorithms = [];
        public readonly IReadOnlyList<ushort> SignatureAlgorithmsCert = [];
        public readonly IReadOnlyList<ushort>? SupportedVersions;
        public readonly IReadOnlyList<byte> EcPointFormats = [];
        public readonly IReadOnlyList<byte> PskKeyExchangeModes = [];
        public readonly IReadOnlyList<string> Alpn = [];
        public readonly IReadOnlyList<KeyShareEntry> KeyShares = [];
        public readonly IReadOnlyList<ushort> Malformed = [];
        public readonly IReadOnlyList<ushort> Duplicates = [];

        public ExtensionViews(IReadOnlyList<TlsExtension>? extensions)
        {
            if (extensions is null || extensions.Count == 0) return;
            List<ushort>? malformed = null, duplicates = null;
            var seen = new HashSet<ushort>();
            foreach (var e in extensions)
            {
                if (!seen.Add(e.Type))
                {
                    if (!e.IsGrease) (duplicates ??= []).Add(e.Type);
                    continue;
                }
                var span = e.Data.Span;
                var ok = true;
                switch (e.Type)
                {
                    case ExtensionType.ServerName: ok = ExtensionCodec.TryReadServerName(span, out ServerName); break;
                    case ExtensionType.SupportedGroups: ok = Read16(span, ref SupportedGroups); break;
                    case ExtensionType.SignatureAlgorithms: ok = Read16(span, ref SignatureAlgorithms); break;
                    case ExtensionType.SignatureAlgorithmsCert: ok = Read16(span, ref SignatureAlgorithmsCert); break;
                    case ExtensionType.SupportedVersions:
                        ok = ExtensionCodec.TryReadUInt16List8(span, out var versions);
                        if (ok) SupportedVersions = versions;
                        break;
                    case ExtensionType.EcPointFormats: ok = Read8(span, ref EcPointFormats); break;
                    case ExtensionType.PskKeyExchangeModes: ok = Read8(span, ref PskKeyExchangeModes); break;
                    case ExtensionType.ApplicationLayerProtocolNegotiation:
                        ok = ExtensionCodec.TryReadAlpn(span, out var alpn);
                        if (ok) Alpn = alpn;
                        break;
                    case ExtensionType.KeyShare:
                        ok = ExtensionCodec.TryReadClientKeyShares(e.Data, out var shares);
                        if (ok) KeyShares = shares;
                        break;
                }
                if (!ok) (malformed ??= []).Add(e.Type);
            }
            Malformed = (IReadOnlyList<ushort>?)malformed ?? [];
            Duplicates = (IReadOnlyList<ushort>?)duplicates ?? [];
        }

        private static bool Read16(ReadOnlySpan<byte> data, ref IReadOnlyList<ushort> view)
        {
            if (!ExtensionCodec.TryReadUInt16List16(data, out var values)) return false;
            view = values;
            return true;
        }

        private static bool Read8(ReadOnlySpan<byte> data, ref IReadOnlyList<byte> view)
        {
            if (!ExtensionCodec.TryReadUInt8List8(data, out var values)) return false;
            view = values;
            return true;
        }
    }

    /// <summary>
    /// The protocol versions this hello offers, lowest first, GREASE and drafts left out.
    /// With supported_versions: exactly the listed known versions (RFC 8446 4.2.1: the extension replaces legacy_version).
    /// Without it: from <paramref name="floor"/> (default TLS 1.0) up to legacy_version, or legacy_version alone when it is
    /// below the floor. A hello carries no lower bound of its own; TLS 1.0 is the floor because a client that still sends
    /// a pre-1.3 hello without supported_versions nearly always accepts TLS 1.0, while SSLv3 support is rare and cannot be
    /// seen on the wire. Pass <paramref name="floor"/> when a profile knows the client's real floor.
    /// </summary>
    public IReadOnlyList<TlsVersion> OfferedVersions(TlsVersion? floor = null)
    {
        if (SupportedVersions is { } listed)
            return listed.Select(v => new TlsVersion(v)).Where(v => v.IsKnown).Distinct().Order().ToArray();
        var max = new TlsVersion(Math.Min(LegacyVersion, (ushort)0x0303));
        if (!max.IsKnown) return [];
        var low = floor ?? TlsVersion.Tls10;
        if (max < low) return [max];
        return TlsVersion.All.Where(v => v >= low && v <= max).ToArray();
    }
}
