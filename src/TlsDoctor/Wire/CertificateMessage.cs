using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TlsDoctor.Wire;

/// <summary>
/// The TLS ≤ 1.2 Certificate message, RFC 5246 section 7.4.2:
/// <code>
/// opaque ASN.1Cert&lt;1..2^24-1&gt;;
/// struct { ASN.1Cert certificate_list&lt;0..2^24-1&gt;; } Certificate;
/// </code>
/// The chain is kept as DER bytes, sender's certificate first; <see cref="TryGetX509Chain"/> parses it.
/// </summary>
public sealed record CertificateMessage
{
    private const string Name = "Certificate";

    public required IReadOnlyList<ReadOnlyMemory<byte>> Certificates { get; init; }
    public ReadOnlyMemory<byte>? RawBytes { get; init; }

    public static DecodeResult<CertificateMessage> Decode(ReadOnlySpan<byte> message, int origin = 0) => Decode(message.ToArray(), origin);

    [System.Runtime.CompilerServices.OverloadResolutionPriority(1)]
    public static DecodeResult<CertificateMessage> Decode(ReadOnlyMemory<byte> message, int origin = 0)
    {
        var r = new TlsReader(message.Span, origin);
        if (HandshakeHeader.TryRead(ref r, HandshakeType.Certificate, Name, out var body) is { } headerError) return headerError;
        var at = body.Offset;
        if (!body.TryReadUInt24(out var listLength)) return DecodeError.Truncated(Name, "certificate_list length", at);
        if (!body.TryReadReader(listLength, out var list))
            return DecodeError.InvalidLength(Name, "certificate_list", at, $"declares {listLength} bytes, {body.Remaining} present");
        if (!body.IsEmpty) return DecodeError.TrailingBytes(Name, "certificate_list", body.Offset);
        var certificates = new List<ReadOnlyMemory<byte>>();
        while (!list.IsEmpty)
        {
            var certOffset = list.Offset;
            if (!list.TryReadUInt24(out var length)) return DecodeError.Truncated(Name, $"certificate {certificates.Count} length", certOffset);
            if (length == 0) return DecodeError.InvalidLength(Name, $"certificate {certificates.Count}", certOffset, "empty ASN.1Cert");
            if (!list.TryReadBytes(length, out _))
                return DecodeError.InvalidLength(Name, $"certificate {certificates.Count}", certOffset, $"declares {length} bytes, {list.Remaining} present");
            certificates.Add(message.Slice(certOffset + 3 - origin, length));
        }
        return new CertificateMessage { Certificates = certificates, RawBytes = message };
    }

    public void Encode(TlsWriter w)
    {
        w.WriteUInt8((byte)HandshakeType.Certificate);
        using (w.Vector24())
        using (w.Vector24())
            foreach (var c in Certificates) w.WriteVector24(c.Span);
    }

    public byte[] ToBytes()
    {
        var w = new TlsWriter(4096);
        Encode(w);
        return w.ToArray();
    }

    /// <summary>Parses every certificate; returns an error naming the first that is not valid X.509 DER.</summary>
    public DecodeResult<IReadOnlyList<X509Certificate2>> TryGetX509Chain()
    {
        var result = new List<X509Certificate2>(Certificates.Count);
        for (var i = 0; i < Certificates.Count; i++)
        {
            try { result.Add(X509CertificateLoader.LoadCertificate(Certificates[i].Span)); }
            catch (CryptographicException e)
            {
                foreach (var c in result) c.Dispose();
                return DecodeError.InvalidValue(Name, $"certificate {i}", 0, e.Message);
            }
        }
        return result;
    }
}
