using System.Numerics;
using TlsDoctor.Registry;

namespace TlsDoctor.Wire;

/// <summary>
/// A TLS ≤ 1.2 ServerKeyExchange (RFC 5246 section 7.4.3, RFC 8422 section 5.4):
/// <code>
/// struct { ECParameters curve_params; ECPoint public; } ServerECDHParams;   // curve_type named_curve(3), NamedCurve
/// struct { opaque dh_p&lt;1..2^16-1&gt;; opaque dh_g&lt;1..2^16-1&gt;; opaque dh_Ys&lt;1..2^16-1&gt;; } ServerDHParams;
/// struct { opaque rsa_modulus&lt;1..2^16-1&gt;; opaque rsa_exponent&lt;1..2^16-1&gt;; } ServerRSAParams;  // export suites
/// followed, unless anonymous, by DigitallySigned: SignatureAndHashAlgorithm (TLS 1.2 only) and opaque signature&lt;0..2^16-1&gt;.
/// </code>
/// The message cannot be framed without knowing the suite, so <see cref="Decode"/> takes the key exchange kind.
/// </summary>
public sealed record ServerKeyExchange
{
    private const string Name = "ServerKeyExchange";

    public required KeyExchangeKind Kind { get; init; }
    public ReadOnlyMemory<byte>? PskIdentityHint { get; init; }
    /// <summary>The ECDHE named curve (a NamedGroup code).</summary>
    public ushort? NamedGroup { get; init; }
    public ReadOnlyMemory<byte> PublicKey { get; init; }
    public ReadOnlyMemory<byte> DhPrime { get; init; }
    public ReadOnlyMemory<byte> DhGenerator { get; init; }
    public ReadOnlyMemory<byte> RsaModulus { get; init; }
    public ReadOnlyMemory<byte> RsaExponent { get; init; }
    /// <summary>The SignatureAndHashAlgorithm (TLS 1.2) as a SignatureScheme code; null before TLS 1.2 or when unsigned.</summary>
    public ushort? SignatureScheme { get; init; }
    public ReadOnlyMemory<byte>? Signature { get; init; }
    public ReadOnlyMemory<byte>? RawBytes { get; init; }

    /// <summary>Size of the DHE prime in bits (leading zero bytes ignored); 0 when not DHE.</summary>
    public int DhPrimeBits => BitLength(DhPrime.Span);
    /// <summary>Size of the export RSA modulus in bits; 0 when not RSA export.</summary>
    public int RsaModulusBits => BitLength(RsaModulus.Span);

    public string? GroupName => NamedGroup is { } g ? Groups.Describe(g) : null;
    public string? SignatureSchemeName => SignatureScheme is { } s ? SignatureSchemes.Describe(s) : null;

    /// <summary>Decodes for a negotiated suite; the version decides whether the signature names its algorithm (TLS 1.2).</summary>
    public static DecodeResult<ServerKeyExchange> Decode(ReadOnlyMemory<byte> message, CipherSuite suite, TlsVersion version, int origin = 0) =>
        Decode(message, KeyExchangeKinds.For(suite), version >= TlsVersion.Tls12, KeyExchangeKinds.IsSigned(suite), KeyExchangeKinds.HasPskHint(suite), origin);

    public static DecodeResult<ServerKeyExchange> Decode(ReadOnlyMemory<byte> message, KeyExchangeKind kind, bool signatureHasAlgorithm,
        bool signed = true, bool pskHint = false, int origin = 0)
    {
        var r = new TlsReader(message.Span, origin);
        if (HandshakeHeader.TryRead(ref r, HandshakeType.ServerKeyExchange, Name, out var body) is { } headerError) return headerError;
        ReadOnlyMemory<byte> Slice(int absolute, int length) => message.Slice(absolute - origin, length);

        ReadOnlyMemory<byte>? hint = null;
        int at;
        if (pskHint)
        {
            at = body.Offset;
            if (!body.TryReadVector16(out ReadOnlySpan<byte> h)) return DecodeError.Truncated(Name, "psk_identity_hint", at);
            hint = Slice(at + 2, h.Length);
        }
        ushort? group = null;
        ReadOnlyMemory<byte> publicKey = default, p = default, g = default, modulus = default, exponent = default;
        switch (kind)
        {
            case KeyExchangeKind.Ecdhe:
                at = body.Offset;
                if (!body.TryReadUInt8(out var curveType)) return DecodeError.Truncated(Name, "curve_type", at);
                if (curveType != 3) return DecodeError.InvalidValue(Name, "curve_type", at, $"{curveType} (only named_curve(3) is supported; explicit curves are deprecated by RFC 8422)");
                at = body.Offset;
                if (!body.TryReadUInt16(out var named)) return DecodeError.Truncated(Name, "namedcurve", at);
                group = named;
                at = body.Offset;
                if (!body.TryReadVector8(out ReadOnlySpan<byte> point)) return DecodeError.Truncated(Name, "public", at);
                if (point.Length == 0) return DecodeError.InvalidLength(Name, "public", at, "empty ECPoint");
                publicKey = Slice(at + 1, point.Length);
                break;
            case KeyExchangeKind.Dhe:
                if (ReadOpaque16(ref body, "dh_p", out p) is { } e1) return e1;
                if (ReadOpaque16(ref body, "dh_g", out g) is { } e2) return e2;
                if (ReadOpaque16(ref body, "dh_Ys", out publicKey) is { } e3) return e3;
                break;
            case KeyExchangeKind.RsaExport:
                if (ReadOpaque16(ref body, "rsa_modulus", out modulus) is { } e4) return e4;
                if (ReadOpaque16(ref body, "rsa_exponent", out exponent) is { } e5) return e5;
                break;
            default:
                return DecodeError.InvalidValue(Name, "key exchange", origin, $"{kind} suites send no ServerKeyExchange");
        }

        ushort? scheme = null;
        ReadOnlyMemory<byte>? signature = null;
        if (signed)
        {
            if (signatureHasAlgorithm)
            {
                at = body.Offset;
                if (!body.TryReadUInt16(out var s)) return DecodeError.Truncated(Name, "signature_algorithm", at);
                scheme = s;
            }
            at = body.Offset;
            if (!body.TryReadVector16(out ReadOnlySpan<byte> sig)) return DecodeError.Truncated(Name, "signature", at);
            signature = Slice(at + 2, sig.Length);
        }
        if (!body.IsEmpty) return DecodeError.TrailingBytes(Name, signed ? "signature" : "params", body.Offset);

        return new ServerKeyExchange
        {
            Kind = kind, PskIdentityHint = hint, NamedGroup = group, PublicKey = publicKey, DhPrime = p, DhGenerator = g,
            RsaModulus = modulus, RsaExponent = exponent, SignatureScheme = scheme, Signature = signature, RawBytes = message,
        };

        DecodeError? ReadOpaque16(ref TlsReader reader, string field, out ReadOnlyMemory<byte> value)
        {
            value = default;
            var start = reader.Offset;
            if (!reader.TryReadVector16(out ReadOnlySpan<byte> v)) return DecodeError.Truncated(Name, field, start);
            if (v.Length == 0) return DecodeError.InvalidLength(Name, field, start, "empty");
            value = Slice(start + 2, v.Length);
            return null;
        }
    }

    public void Encode(TlsWriter w)
    {
        w.WriteUInt8((byte)HandshakeType.ServerKeyExchange);
        using (w.Vector24())
        {
            if (PskIdentityHint is { } hint) w.WriteVector16(hint.Span);
            switch (Kind)
            {
                case KeyExchangeKind.Ecdhe:
                    w.WriteUInt8(3);
                    w.WriteUInt16(NamedGroup ?? throw new InvalidOperationException("ECDHE ServerKeyExchange needs NamedGroup"));
                    w.WriteVector8(PublicKey.Span);
                    break;
                case KeyExchangeKind.Dhe:
                    w.WriteVector16(DhPrime.Span); w.WriteVector16(DhGenerator.Span); w.WriteVector16(PublicKey.Span);
                    break;
                case KeyExchangeKind.RsaExport:
                    w.WriteVector16(RsaModulus.Span); w.WriteVector16(RsaExponent.Span);
                    break;
                default:
                    throw new InvalidOperationException($"{Kind} has no ServerKeyExchange");
            }
            if (SignatureScheme is { } s) w.WriteUInt16(s);
            if (Signature is { } sig) w.WriteVector16(sig.Span);
        }
    }

    public byte[] ToBytes()
    {
        var w = new TlsWriter(1024);
        Encode(w);
        return w.ToArray();
    }

    private static int BitLength(ReadOnlySpan<byte> bigEndian)
    {
        var i = 0;
        while (i < bigEndian.Length && bigEndian[i] == 0) i++;
        if (i == bigEndian.Length) return 0;
        return (bigEndian.Length - i - 1) * 8 + (32 - BitOperations.LeadingZeroCount((uint)bigEndian[i]));
    }
}
