using System.Numerics;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC.Rfc7748;
using Org.BouncyCastle.Security;
using TlsDoctor.Registry;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace TlsDoctor.Wire;

/// <summary>
/// Produces real key shares (RFC 8446 section 4.2.8.2) from an injected <see cref="RandomSource"/>:
/// X25519/X448 (RFC 7748), uncompressed points on the SEC 2 / brainpool curves (RFC 8446 4.2.8.2),
/// finite-field shares over the RFC 7919 groups (left-padded to the prime's size), ML-KEM encapsulation keys
/// (FIPS 203) and the hybrid concatenations of draft-ietf-tls-ecdhe-mlkem (X25519MLKEM768 puts ML-KEM first,
/// the SecP…MLKEM… groups put the EC point first; see share_layout in data/registry/groups.csv).
/// </summary>
public static class KeyShareGenerator
{
    /// <summary>True when <see cref="TryGenerate"/> can make a real share for the group.</summary>
    public static bool CanGenerate(ushort group) => group switch
    {
        0x001D or 0x001E => true,
        0x0200 or 0x0201 or 0x0202 or 0x11EB or 0x11EC or 0x11ED => true,
        _ when GroupParameters.TryGetFiniteField(group, out _) => true,
        _ => GroupParameters.Curve(group) is not null,
    };

    /// <summary>Generates a share for <paramref name="group"/>; null when the group has no generator here (unknown, GOST, SM2, Kyber drafts).</summary>
    public static KeyShareKeyPair? TryGenerate(ushort group, RandomSource random)
    {
        switch (group)
        {
            case 0x001D: return X25519Pair(group, random);
            case 0x001E:
            {
                var k = random.GetBytes(X448.ScalarSize);
                var pub = new byte[X448.PointSize];
                X448.ScalarMultBase(k, 0, pub, 0);
                return new KeyShareKeyPair(group, pub, k);
            }
            case 0x0200: return MlKem(group, MLKemParameters.ml_kem_512, random);
            case 0x0201: return MlKem(group, MLKemParameters.ml_kem_768, random);
            case 0x0202: return MlKem(group, MLKemParameters.ml_kem_1024, random);
            case 0x11EC: // X25519MLKEM768: ML-KEM-768 encapsulation key || X25519 share
            {
                var kem = MlKem(group, MLKemParameters.ml_kem_768, random);
                var ec = X25519Pair(group, random);
                return new KeyShareKeyPair(group, [.. kem.PublicKey, .. ec.PublicKey], [.. kem.PrivateKey, .. ec.PrivateKey]);
            }
            case 0x11EB: return Hybrid(group, "secp256r1", MLKemParameters.ml_kem_768, random);
            case 0x11ED: return Hybrid(group, "secp384r1", MLKemParameters.ml_kem_1024, random);
        }
        if (GroupParameters.TryGetFiniteField(group, out var ff))
        {
            // RFC 7919 section 5.2: the share is g^x mod p, left-padded to the size of p. A 2×security-bits
            // exponent (RFC 7919 section 5.2 / appendix A) keeps ffdhe8192 affordable.
            var security = Groups.Find(group)?.SecurityBits ?? 128;
            var x = new BigInteger(random.GetBytes(2 * security / 8 + 1), isUnsigned: true, isBigEndian: true) | BigInteger.One;
            var y = BigInteger.ModPow(ff.G, x, ff.P);
            var pub = new byte[ff.Bits / 8];
            var yBytes = y.ToByteArray(isUnsigned: true, isBigEndian: true);
            yBytes.CopyTo(pub, pub.Length - yBytes.Length);
            return new KeyShareKeyPair(group, pub, x.ToByteArray(isUnsigned: true, isBigEndian: true));
        }
        if (GroupParameters.Curve(group) is { } curve) return EcPair(group, curve, random);
        return null;
    }

    private static KeyShareKeyPair X25519Pair(ushort group, RandomSource random)
    {
        var k = random.GetBytes(X25519.ScalarSize);
        var pub = new byte[X25519.PointSize];
        X25519.ScalarMultBase(k, 0, pub, 0);
        return new KeyShareKeyPair(group, pub, k);
    }

    private static KeyShareKeyPair MlKem(ushort group, MLKemParameters parameters, RandomSource random)
    {
        var generator = new MLKemKeyPairGenerator();
        generator.Init(new MLKemKeyGenerationParameters(new SourceSecureRandom(random), parameters));
        var pair = generator.GenerateKeyPair();
        return new KeyShareKeyPair(group, ((MLKemPublicKeyParameters)pair.Public).GetEncoded(), ((MLKemPrivateKeyParameters)pair.Private).GetEncoded());
    }

    private static KeyShareKeyPair Hybrid(ushort group, string curveName, MLKemParameters parameters, RandomSource random)
    {
        var ec = EcPair(group, GroupParameters.CurveByName(curveName)!, random);
        var kem = MlKem(group, parameters, random);
        return new KeyShareKeyPair(group, [.. ec.PublicKey, .. kem.PublicKey], [.. ec.PrivateKey, .. kem.PrivateKey]);
    }

    private static KeyShareKeyPair EcPair(ushort group, X9ECParameters curve, RandomSource random)
    {
        var n = curve.N;
        BcBigInteger d;
        do d = new BcBigInteger(1, random.GetBytes((n.BitLength + 7) / 8 + 8)).Mod(n);
        while (d.SignValue == 0);
        var q = curve.G.Multiply(d).Normalize();
        var size = (n.BitLength + 7) / 8;
        return new KeyShareKeyPair(group, q.GetEncoded(false), d.ToByteArrayUnsigned().Length == size ? d.ToByteArrayUnsigned() : Pad(d.ToByteArrayUnsigned(), size));
    }

    private static byte[] Pad(byte[] value, int size)
    {
        var r = new byte[size];
        value.CopyTo(r, size - value.Length);
        return r;
    }

    /// <summary>Feeds BouncyCastle generators from a <see cref="RandomSource"/> so their output is reproducible.</summary>
    private sealed class SourceSecureRandom(RandomSource source) : SecureRandom
    {
        public override void NextBytes(byte[] buf) => source.Fill(buf);
        public override void NextBytes(byte[] buf, int off, int len) => source.Fill(buf.AsSpan(off, len));
        public override void NextBytes(Span<byte> buffer) => source.Fill(buffer);
        public override int Next() { Span<byte> b = stackalloc byte[4]; source.Fill(b); return (int)(BitConverter.ToUInt32(b) & 0x7FFFFFFF); }
    }
}
