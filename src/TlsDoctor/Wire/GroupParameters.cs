using System.Globalization;
using System.Numerics;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using TlsDoctor.Registry;

namespace TlsDoctor.Wire;

/// <summary>
/// The parameters of the key-exchange groups, looked up once for both halves of a key exchange (making a share,
/// <see cref="KeyShareGenerator"/>, and agreeing on a secret, <see cref="KeyAgreement"/>): the RFC 7919 finite-field
/// primes (data/wire/ffdhe-primes.csv) and the elliptic curves of the registry's ECDHE groups.
/// </summary>
internal static class GroupParameters
{
    private static readonly Lazy<Dictionary<ushort, (BigInteger P, BigInteger G, int Bits)>> Primes = new(LoadPrimes);

    /// <summary>The prime, generator and size of an RFC 7919 group.</summary>
    public static bool TryGetFiniteField(ushort group, out (BigInteger P, BigInteger G, int Bits) parameters) => Primes.Value.TryGetValue(group, out parameters);

    /// <summary>The curve of an ECDHE group of the registry (the TLS 1.3 brainpool code points share their curve), or null.</summary>
    public static X9ECParameters? Curve(ushort group)
    {
        var g = Groups.Find(group);
        if (g is null || g.Kind != GroupKind.Ecdhe) return null;
        return CurveByName(g.Name.EndsWith("tls13", StringComparison.Ordinal) ? g.Name[..^5] : g.Name);
    }

    public static X9ECParameters? CurveByName(string name)
    {
        try { return CustomNamedCurves.GetByName(name) ?? ECNamedCurveTable.GetByName(name); }
        catch (ArgumentException) { return null; }
    }

    private static Dictionary<ushort, (BigInteger, BigInteger, int)> LoadPrimes()
    {
        var csv = CsvTable.LoadEmbedded("data/wire/ffdhe-primes.csv");
        var result = new Dictionary<ushort, (BigInteger, BigInteger, int)>();
        foreach (var row in csv.Rows)
        {
            var group = Groups.Find(csv.Get(row, "name")) ?? throw new InvalidDataException($"ffdhe-primes.csv: unknown group {csv.Get(row, "name")}");
            var p = BigInteger.Parse("0" + csv.Get(row, "prime_hex"), NumberStyles.HexNumber);
            result[group.Code] = (p, BigInteger.Parse(csv.Get(row, "generator")), int.Parse(csv.Get(row, "bits")));
        }
        return result;
    }
}
