namespace TlsDoctor.Wire;

/// <summary>
/// The TLS ≤ 1.2 CertificateRequest, RFC 5246 section 7.4.4:
/// <code>
/// struct {
///     ClientCertificateType certificate_types&lt;1..2^8-1&gt;;
///     SignatureAndHashAlgorithm supported_signature_algorithms&lt;2^16-1&gt;;   // TLS 1.2 only
///     DistinguishedName certificate_authorities&lt;0..2^16-1&gt;;            // opaque DistinguishedName&lt;1..2^16-1&gt;
/// } CertificateRequest;
/// </code>
/// </summary>
public sealed record CertificateRequest
{
    private const string Name = "CertificateRequest";

    public required IReadOnlyList<byte> CertificateTypes { get; init; }
    /// <summary>Null before TLS 1.2 (the field does not exist there).</summary>
    public IReadOnlyList<ushort>? SignatureAlgorithms { get; init; }
    /// <summary>DER-encoded distinguished names.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> CertificateAuthorities { get; init; } = [];
    public ReadOnlyMemory<byte>? RawBytes { get; init; }

    public static DecodeResult<CertificateRequest> Decode(ReadOnlyMemory<byte> message, bool hasSignatureAlgorithms, int origin = 0)
    {
        var r = new TlsReader(message.Span, origin);
        if (HandshakeHeader.TryRead(ref r, HandshakeType.CertificateRequest, Name, out var body) is { } headerError) return headerError;
        var at = body.Offset;
        if (!body.TryReadVector8(out ReadOnlySpan<byte> types)) return DecodeError.Truncated(Name, "certificate_types", at);
        ushort[]? schemes = null;
        if (hasSignatureAlgorithms)
        {
            at = body.Offset;
            if (!body.TryReadVector16(out TlsReader list)) return DecodeError.Truncated(Name, "supported_signature_algorithms", at);
            if (list.Remaining % 2 != 0) return DecodeError.InvalidLength(Name, "supported_signature_algorithms", at, "odd number of bytes");
            schemes = new ushort[list.Remaining / 2];
            for (var i = 0; i < schemes.Length; i++) list.TryReadUInt16(out schemes[i]);
        }
        at = body.Offset;
        if (!body.TryReadVector16(out TlsReader cas)) return DecodeError.Truncated(Name, "certificate_authorities", at);
        var names = new List<ReadOnlyMemory<byte>>();
        while (!cas.IsEmpty)
        {
            at = cas.Offset;
            if (!cas.TryReadVector16(out ReadOnlySpan<byte> dn)) return DecodeError.Truncated(Name, "DistinguishedName", at);
            names.Add(message.Slice(at + 2 - origin, dn.Length));
        }
        if (!body.IsEmpty) return DecodeError.TrailingBytes(Name, "certificate_authorities", body.Offset);
        return new CertificateRequest { CertificateTypes = types.ToArray(), SignatureAlgorithms = schemes, CertificateAuthorities = names, RawBytes = message };
    }

    public void Encode(TlsWriter w)
    {
        w.WriteUInt8((byte)HandshakeType.CertificateRequest);
        using (w.Vector24())
        {
            using (w.Vector8()) foreach (var t in CertificateTypes) w.WriteUInt8(t);
            if (SignatureAlgorithms is { } s) using (w.Vector16()) foreach (var x in s) w.WriteUInt16(x);
            using (w.Vector16()) foreach (var dn in CertificateAuthorities) w.WriteVector16(dn.Span);
        }
    }

    public byte[] ToBytes()
    {
        var w = new TlsWriter(256);
        Encode(w);
        return w.ToArray();
    }
}
