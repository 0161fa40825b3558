namespace TlsDoctor.Wire;

/// <summary>
/// The TLS 1.3 Certificate message, RFC 8446 section 4.4.2:
/// <code>
/// struct { opaque cert_data&lt;1..2^24-1&gt;; Extension extensions&lt;0..2^16-1&gt;; } CertificateEntry;
/// struct { opaque certificate_request_context&lt;0..2^8-1&gt;; CertificateEntry certificate_list&lt;0..2^24-1&gt;; } Certificate;
/// </code>
/// The chain is kept as DER bytes, sender's certificate first; per-entry extensions (OCSP, SCTs) are framed, not kept.
/// </summary>
public sealed record Tls13CertificateMessage
{
    private const string Name = "Certificate";

    public ReadOnlyMemory<byte> RequestContext { get; init; }
    public required IReadOnlyList<ReadOnlyMemory<byte>> Certificates { get; init; }

    /// <summary>Decodes a whole handshake message (4-byte header included).</summary>
    public static DecodeResult<Tls13CertificateMessage> Decode(ReadOnlyMemory<byte> message, int origin = 0)
    {
        var r = new TlsReader(message.Span, origin);
        if (HandshakeHeader.TryRead(ref r, HandshakeType.Certificate, Name, out var body) is { } headerError) return headerError;
        var at = body.Offset;
        if (!body.TryReadVector8(out ReadOnlySpan<byte> context)) return DecodeError.Truncated(Name, "certificate_request_context", at);
        var contextMemory = message.Slice(at + 1 - origin, context.Length);
        at = body.Offset;
        if (!body.TryReadVector24(out TlsReader list)) return DecodeError.Truncated(Name, "certificate_list", at);
        if (!body.IsEmpty) return DecodeError.TrailingBytes(Name, "certificate_list", body.Offset);
        var certificates = new List<ReadOnlyMemory<byte>>();
        while (!list.IsEmpty)
        {
            var entry = list.Offset;
            if (!list.TryReadVector24(out ReadOnlySpan<byte> der)) return DecodeError.Truncated(Name, $"certificate {certificates.Count} cert_data", entry);
            if (der.Length == 0) return DecodeError.InvalidLength(Name, $"certificate {certificates.Count}", entry, "empty cert_data");
            var extensionsAt = list.Offset;
            if (!list.TryReadVector16(out ReadOnlySpan<byte> _)) return DecodeError.Truncated(Name, $"certificate {certificates.Count} extensions", extensionsAt);
            certificates.Add(message.Slice(entry + 3 - origin, der.Length));
        }
        return new Tls13CertificateMessage { RequestContext = contextMemory, Certificates = certificates };
    }
}
