namespace TlsDoctor.Wire;

/// <summary>
/// The TLS 1.3 CertificateVerify message, RFC 8446 section 4.4.3:
/// <code>struct { SignatureScheme algorithm; opaque signature&lt;0..2^16-1&gt;; } CertificateVerify;</code>
/// </summary>
public sealed record CertificateVerify(ushort Algorithm, ReadOnlyMemory<byte> Signature)
{
    private const string Name = "CertificateVerify";

    /// <summary>Decodes a whole handshake message (4-byte header included).</summary>
    public static DecodeResult<CertificateVerify> Decode(ReadOnlyMemory<byte> message, int origin = 0)
    {
        var r = new TlsReader(message.Span, origin);
        if (HandshakeHeader.TryRead(ref r, HandshakeType.CertificateVerify, Name, out var body) is { } headerError) return headerError;
        var at = body.Offset;
        if (!body.TryReadUInt16(out var algorithm)) return DecodeError.Truncated(Name, "algorithm", at);
        at = body.Offset;
        if (!body.TryReadVector16(out ReadOnlySpan<byte> signature)) return DecodeError.Truncated(Name, "signature", at);
        if (!body.IsEmpty) return DecodeError.TrailingBytes(Name, "signature", body.Offset);
        return new CertificateVerify(algorithm, message.Slice(at + 2 - origin, signature.Length));
    }
}
