using CsCheck;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using TlsDoctor.Wire;

namespace TlsDoctor.Tests.Wire;

/// <summary>Generated hellos survive encode → decode → encode; generated and mutated bytes only ever give typed failures.</summary>
public class WirePropertyTests
{
    private static readonly ushort[] KnownGroups = [0x001D, 0x001E, 0x0017, 0x0018, 0x0019, 0x0100, 0x0101, 0x0200, 0x11EC, 0x11EB, 0x001A, 0x0A0A, 0x1234];
    private static readonly TlsVersion[] AllVersions = [TlsVersion.SSLv3, TlsVersion.Tls10, TlsVersion.Tls11, TlsVersion.Tls12, TlsVersion.Tls13];

    private static readonly Gen<ClientHelloBuilder> Builders =
        from versions in Gen.Int[1, 31].Select(mask => AllVersions.Where((_, i) => (mask & (1 << i)) != 0).ToList())
        from suites in Gen.UShort.Array[1, 60]
        from groups in Gen.Int[0, KnownGroups.Length - 1].Array[0, 6]
        from sigalgs in Gen.UShort.Array[0, 20]
        from host in Gen.String[Gen.Char.AlphaNumeric, 1, 40]
        from alpn in Gen.String[Gen.Char.AlphaNumeric, 1, 12].Array[0, 3]
        from flags in Gen.Int[0, 127]
        from padding in Gen.Enum<PaddingMode>()
        from seed in Gen.Long
        select new ClientHelloBuilder
        {
            Versions = versions,
            CipherSuites = suites,
            Groups = groups.Select(i => KnownGroups[i]).Distinct().ToList(),
            KeyShareGroups = groups.Take(2).Select(i => KnownGroups[i]).Where(g => g is not (0x0200 or 0x11EC or 0x11EB or 0x0101) || seed % 8 == 0).Distinct().ToList(),
            SignatureAlgorithms = sigalgs,
            ServerName = (flags & 1) != 0 ? host : null,
            Alpn = alpn,
            Grease = (flags & 2) != 0,
            StatusRequest = (flags & 4) != 0,
            SessionTicket = (flags & 8) != 0,
            ExtendedMasterSecret = (flags & 16) != 0,
            EncryptThenMac = (flags & 32) != 0,
            Heartbeat = (flags & 64) != 0,
            Padding = padding,
            PaddingTarget = 600,
            Random = RandomSource.FromSeed(seed),
        };

    [Fact]
    public void Built_hellos_round_trip_and_views_match_the_request()
    {
        Builders.Sample(builder =>
        {
            var hello = builder.Build();
            var bytes = hello.ToBytes();
            var decoded = ClientHello.Decode(bytes).GetValueOrThrow();
            Assert.Equal(bytes, decoded.ToBytes());
            Assert.Equal(hello.EncodedLength, bytes.Length);
            Assert.Equal(builder.CipherSuites, decoded.CipherSuites.Skip(builder.Grease ? 1 : 0));
            if (decoded.Extensions is null) return; // SSLv3-only hello
            Assert.Equal(builder.ServerName, decoded.ServerName);
            Assert.Equal(builder.Alpn, decoded.Alpn);
            if (builder.SignatureAlgorithms!.Count > 0) Assert.Equal(builder.SignatureAlgorithms, decoded.SignatureAlgorithms);
            var expectedVersions = builder.Versions.Where(v => v != TlsVersion.SSLv2).Distinct().Order().ToList();
            if (expectedVersions[^1] == TlsVersion.Tls13) Assert.Equal(expectedVersions, decoded.OfferedVersions());
            Assert.DoesNotContain(decoded.Anomalies, a => a.Kind is AnomalyKind.MalformedExtension or AnomalyKind.DuplicateExtension);
            if (builder.Padding == PaddingMode.Avoid256To511) Assert.False(bytes.Length is >= 256 and <= 511);
        }, iter: 300);
    }

    private static readonly Gen<ClientHello> RawHellos =
        from version in Gen.UShort
        from random in Gen.Byte.Array[32]
        from session in Gen.Byte.Array[0, 32]
        from suites in Gen.UShort.Array[0, 100]
        from compression in Gen.Byte.Array[0, 4]
        from hasExtensions in Gen.Bool
        from extensions in Gen.Select(Gen.UShort, Gen.Byte.Array[0, 40]).Array[0, 12]
        select new ClientHello
        {
            LegacyVersion = version,
            Random = random,
            SessionId = session,
            CipherSuites = suites,
            CompressionMethods = compression,
            Extensions = hasExtensions ? extensions.Select(e => new TlsExtension(e.Item1, e.Item2)).ToList() : null,
        };

    [Fact]
    public void Arbitrary_field_values_round_trip_byte_for_byte()
    {
        RawHellos.Sample(hello =>
        {
            var bytes = hello.ToBytes();
            var decoded = ClientHello.Decode(bytes).GetValueOrThrow();
            Assert.Equal(bytes, decoded.ToBytes());
            Assert.Equal(hello.Extensions?.Count, decoded.Extensions?.Count);
            var record = hello.ToRecord();
            Assert.Equal(bytes, RecordLayerReader.Read(record).Messages.Single().Bytes.ToArray());
        }, iter: 500);
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            DecodeEverything(bytes);
            // Same bytes behind plausible headers, so the decoders get past the first checks.
            DecodeEverything([1, 0, (byte)(bytes.Length >> 8), (byte)bytes.Length, .. bytes]);
            DecodeEverything([2, 0, (byte)(bytes.Length >> 8), (byte)bytes.Length, .. bytes]);
            DecodeEverything([22, 3, 1, (byte)(bytes.Length >> 8), (byte)bytes.Length, .. bytes]);
        }, iter: 3000);
    }

    [Fact]
    public void Mutated_real_hellos_never_throw()
    {
        var seeds = Fixtures.HexLines("captured-client-hellos.txt").Select(x => x.Bytes).ToArray();
        var mutations =
            from index in Gen.Int[0, seeds.Length - 1]
            from kind in Gen.Int[0, 3]
            from position in Gen.Int[0, 4000]
            from value in Gen.Byte
            from cut in Gen.Int[0, 4000]
            select Mutate(seeds[index], kind, position, value, cut);
        mutations.Sample(DecodeEverything, iter: 5000);
    }

    private static byte[] Mutate(byte[] seed, int kind, int position, byte value, int cut)
    {
        var b = seed.ToList();
        var p = position % b.Count;
        switch (kind)
        {
            case 0: b[p] = value; break;                              // overwrite a byte
            case 1: b[p] ^= (byte)(1 << (value % 8)); break;          // flip a bit
            case 2: b.Insert(p, value); break;                        // insert a byte
            default: b.RemoveAt(p); break;                            // delete a byte
        }
        return b.Take(Math.Max(1, b.Count - cut % 8)).ToArray();
    }

    private static void DecodeEverything(byte[] bytes)
    {
        var memory = bytes.AsMemory();
        var read = RecordLayerReader.Read(memory);
        Assert.True(read.ConsumedBytes <= bytes.Length);
        if (read.Status == RecordReadStatus.Error) Assert.NotNull(read.Error);
        _ = HelloDecoder.Decode(memory);
        if (ClientHello.Decode(memory).Value is { } ch)
        {
            Assert.Equal(bytes, ch.ToBytes());
            _ = ch.ToClientOffer(); _ = ch.KeyShares; _ = ch.ServerName; _ = ch.Alpn;
        }
        if (ServerHello.Decode(memory).Value is { } sh)
        {
            Assert.Equal(bytes, sh.ToBytes());
            _ = sh.SelectedGroup; _ = sh.SelectedVersion; _ = sh.Alpn;
        }
        _ = Sslv2ClientHello.Decode(memory);
        _ = Sslv2ServerHello.Decode(memory);
        _ = CertificateMessage.Decode(memory);
        _ = CertificateRequest.Decode(memory, true);
        _ = ServerHelloDone.Decode(memory.Span);
        _ = Alert.Decode(memory.Span);
        foreach (var kind in new[] { KeyExchangeKind.Ecdhe, KeyExchangeKind.Dhe, KeyExchangeKind.RsaExport })
            _ = ServerKeyExchange.Decode(memory, kind, true);
    }
}
