using Org.BouncyCastle.Math.EC.Rfc7748;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace TlsDoctor.Wire;

/// <summary>The client's half of an (EC)DHE exchange: the shared secret from its key pair and the server's share.</summary>
public static class KeyAgreement
{
    /// <summary>
    /// Groups whose shared secret is computed here, in the order tried when the server's preference is unknown: X25519,
    /// X448 (RFC 7748), the NIST and brainpool curves (RFC 8446 section 7.4.2, RFC 8734) and the RFC 7919 finite-field
    /// groups (RFC 8446 section 7.4.1). Not the post-quantum hybrids.
    /// </summary>
    public static IReadOnlyList<ushort> Groups { get; } =
        [0x001D, 0x0017, 0x0018, 0x0019, 0x001E, 0x001F, 0x0020, 0x0021, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104];

    /// <summary>The (EC)DHE shared secret (RFC 8446 section 7.4.2: the X coordinate for NIST curves, RFC 7748 output for X25519/X448); null for an invalid share.</summary>
    public static byte[]? SharedSecret(KeyShareKeyPair pair, ReadOnlySpan<byte> peer)
    {
        try
        {
            switch (pair.Group)
            {
                case 0x001D:
                {
                    if (peer.Length != X25519.PointSize) return null;
                    var z = new byte[X25519.PointSize];
                    return X25519.CalculateAgreement(pair.PrivateKey, 0, peer.ToArray(), 0, z, 0) ? z : null;
                }
                case 0x001E:
                {
                    if (peer.Length != X448.PointSize) return null;
                    var z = new byte[X448.PointSize];
                    return X448.CalculateAgreement(pair.PrivateKey, 0, peer.ToArray(), 0, z, 0) ? z : null;
                }
                case var g when GroupParameters.TryGetFiniteField(g, out var ff):
                {
                    // RFC 8446 section 7.4.1: Z = Y^x mod p, left-padded with zeros to the size of p; 1 < Y < p - 1 (section 4.2.8.1).
                    var p = ff.P;
                    var size = (int)((p.GetBitLength() + 7) / 8);
                    if (peer.Length != size) return null;
                    var y = new System.Numerics.BigInteger(peer, isUnsigned: true, isBigEndian: true);
                    if (y <= 1 || y >= p - 1) return null;
                    var x = new System.Numerics.BigInteger(pair.PrivateKey, isUnsigned: true, isBigEndian: true);
                    var z = System.Numerics.BigInteger.ModPow(y, x, p).ToByteArray(isUnsigned: true, isBigEndian: true);
                    return [.. new byte[size - z.Length], .. z];
                }
                case var g when GroupParameters.Curve(g) is { } curve:
                {
                    // RFC 8446 section 7.4.2: the X coordinate of the shared point, as many bytes as the field (RFC 8734 for brainpool).
                    var point = curve.Curve.DecodePoint(peer.ToArray());
                    var shared = point.Multiply(new BcBigInteger(1, pair.PrivateKey)).Normalize();
                    if (shared.IsInfinity) return null;
                    var size = (curve.Curve.FieldSize + 7) / 8;
                    return shared.AffineXCoord.ToBigInteger().ToByteArrayUnsigned() is var xs && xs.Length == size ? xs : [.. new byte[size - xs.Length], .. xs];
                }
                default:
                    return null;
            }
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
