using TlsDoctor.Registry;
using TlsDoctor.Wire;

namespace TlsDoctor.Tests.Wire;

public class ClientHelloBuilderTests
{
    private static ClientHelloBuilder Tls13Probe(long seed) => new ClientHelloBuilder()
        .WithVersions(TlsVersion.Tls12, TlsVersion.Tls13)
        .WithCipherSuites(0x1301, 0x1302, 0xC02F, 0xC030)
        .WithGroups(0x001D, 0x0017, 0x0018, 0x0019, 0x0100, 0x11EC)
        .WithKeyShares(0x001D, 0x0017, 0x0018, 0x0019, 0x0100, 0x11EC, 0x11EB, 0x11ED)
        .WithServerName("example.test")
        .WithAlpn("h2", "http/1.1")
        .WithRandom(RandomSource.FromSeed(seed));

    [Fact]
    public void Key_shares_have_the_registry_client_share_length()
    {
        var hello = Tls13Probe(1).Build();
        foreach (var share in hello.KeyShares)
            Assert.Equal(Groups.Find(share.Group)!.ClientShareLength, share.KeyExchange.Length);
        Assert.Equal(8, hello.KeyShares.Count);
    }

    [Fact]
    public void Same_seed_same_bytes_other_seed_other_bytes()
    {
        Assert.Equal(Tls13Probe(7).Build().ToBytes(), Tls13Probe(7).Build().ToBytes());
        Assert.NotEqual(Tls13Probe(7).Build().ToBytes(), Tls13Probe(8).Build().ToBytes());
    }

    [Fact]
    public void Built_hello_decodes_to_what_was_asked()
    {
        var bytes = Tls13Probe(3).WithGrease().Build().ToBytes();
        var hello = ClientHello.Decode(bytes).GetValueOrThrow();
        Assert.Equal(0x0303, hello.LegacyVersion);
        Assert.Equal("example.test", hello.ServerName);
        Assert.Equal(["h2", "http/1.1"], hello.Alpn);
        Assert.True(Grease.IsGrease(hello.CipherSuites[0]));
        Assert.Equal([0x1301, 0x1302, 0xC02F, 0xC030], hello.CipherSuites.Skip(1));
        Assert.Equal([TlsVersion.Tls12, TlsVersion.Tls13], hello.OfferedVersions());
        Assert.Empty(hello.Anomalies);
        Assert.Equal(bytes, hello.ToBytes());
    }

    [Theory]
    [InlineData(PaddingMode.Avoid256To511)]
    public void Padding_moves_hello_out_of_256_to_511(PaddingMode mode)
    {
        for (var suites = 1; suites < 150; suites += 3)
        {
            var hello = new ClientHelloBuilder { Versions = [TlsVersion.Tls12], Random = RandomSource.FromSeed(suites), Padding = mode }
                .WithCipherSuites(Enumerable.Range(0xC000, suites).Select(x => (ushort)x)).Build();
            var length = hello.ToBytes().Length;
            Assert.False(length is >= 256 and <= 511, $"{suites} suites: {length} bytes");
        }
    }

    [Fact]
    public void Sslv3_hello_has_no_extensions_block()
    {
        var hello = new ClientHelloBuilder { Versions = [TlsVersion.SSLv3], Random = RandomSource.FromSeed(1) }.WithCipherSuites(0x000A, 0x00FF).Build();
        Assert.Null(hello.Extensions);
        Assert.Equal(0x0300, hello.LegacyVersion);
        var decoded = ClientHello.Decode(hello.ToBytes()).GetValueOrThrow();
        Assert.Null(decoded.Extensions);
        Assert.Equal([TlsVersion.SSLv3], decoded.OfferedVersions());
    }
}
