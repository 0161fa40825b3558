using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using TlsDoctor.Wire;

namespace TlsDoctor.Capture;

/// <summary>
/// Turns an observed hello into a stored row: decodes the ClientHello (Wire), derives SNI, ALPN, versions, JA3, JA4
/// and JA4_r. A hello that does not decode becomes a malformed row with the decoder's reason; nothing throws.
/// </summary>
public static class HelloAnalyzer
{
    public static CapturedHello Analyze(RawHello raw)
    {
        var row = new CapturedHello
        {
            Time = raw.Time,
            Client = CaptureEndpoint.Format(raw.Client),
            Server = CaptureEndpoint.Format(raw.Server),
            Transport = raw.Transport,
            Source = raw.Source,
            Raw = raw.HandshakeMessage ?? raw.FirstBytes,
            Malformed = raw.Malformed,
        };
        if (raw.HandshakeMessage is null) return row;
        var decoded = ClientHello.Decode(raw.HandshakeMessage.AsMemory());
        if (!decoded.TryGetValue(out var hello, out var error))
            return row with { Malformed = $"decode error: {error}" };
        var input = ToFingerprintInput(hello);
        var ja3String = Ja3.String(input);
        var ja4 = Ja4.Compute(input, raw.Transport);
        return row with
        {
            ServerName = hello.ServerName,
            Alpn = hello.Alpn,
            Versions = OfferedVersionNames(hello),
            CipherSuiteCount = hello.CipherSuites.Count(s => !Grease.IsGrease(s)),
            Ja3 = Ja3.Hash(ja3String),
            Ja3String = ja3String,
            Ja4 = ja4.Fingerprint,
            Ja4R = ja4.Raw,
        };
    }

    /// <summary>Decodes a stored hello again, for questions the derived columns do not answer.</summary>
    public static ClientHello? Decode(CapturedHello row) =>
        row.Malformed is null && row.Raw is { } raw && ClientHello.Decode(raw.AsMemory()).Value is { } hello ? hello : null;

    /// <summary>The offer a stored hello makes, named after its JA4 and SNI.</summary>
    public static ClientOffer? ToClientOffer(CapturedHello row, string? name = null) =>
        Decode(row)?.ToClientOffer(name ?? $"{row.Ja4} ({row.ServerName ?? row.Client})");

    public static FingerprintInput ToFingerprintInput(ClientHello hello)
    {
        var extensions = hello.Extensions ?? [];
        return new FingerprintInput(
            hello.LegacyVersion,
            hello.CipherSuites,
            extensions.Select(e => e.Type).ToArray(),
            hello.SupportedVersions ?? [],
            hello.SupportedGroups,
            hello.EcPointFormats,
            hello.SignatureAlgorithms,
            FirstAlpnBytes(hello),
            hello.HasExtension(ExtensionType.ServerName));
    }

    /// <summary>Versions by name, highest first: supported_versions when sent (drafts by name too), else legacy_version.</summary>
    private static IReadOnlyList<string> OfferedVersionNames(ClientHello hello)
    {
        if (hello.SupportedVersions is { } listed)
            return listed.Where(v => !Grease.IsGrease(v)).Distinct().Select(v => new TlsVersion(v)).OrderDescending().Select(v => v.Name).ToArray();
        return hello.OfferedVersions().OrderDescending().Select(v => v.Name).ToArray();
    }

    /// <summary>
    /// The first protocol name of application_layer_protocol_negotiation as raw bytes (RFC 7301 section 3.1:
    /// ProtocolName protocol_name_list&lt;2..2^16-1&gt;, ProtocolName = opaque&lt;1..2^8-1&gt;). JA4 looks at its bytes,
    /// which need not be text.
    /// </summary>
    private static byte[]? FirstAlpnBytes(ClientHello hello)
    {
        if (hello.FindExtension(ExtensionType.ApplicationLayerProtocolNegotiation) is not { } alpn) return null;
        var r = new TlsReader(alpn.Data.Span);
        if (!r.TryReadVector16(out TlsReader list) || !list.TryReadVector8(out ReadOnlySpan<byte> first) || first.IsEmpty) return null;
        return first.ToArray();
    }
}
