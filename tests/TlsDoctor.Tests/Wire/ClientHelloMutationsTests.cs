using TlsDoctor.Registry;
using TlsDoctor.Wire;

namespace TlsDoctor.Tests.Wire;

public class ClientHelloMutationsTests
{
    private static readonly ClientHello Hello = new ClientHelloBuilder { Random = RandomSource.FromSeed(9), ExtendedMasterSecret = true }
        .WithVersions(TlsVersion.Tls12, TlsVersion.Tls13).WithCipherSuites(0x1301, 0xC02F).WithServerName("example.test").Build();

    private static ClientHello Read(byte[] records)
    {
        var read = RecordLayerReader.Read(records);
        Assert.Equal(RecordReadStatus.Complete, read.Status);
        return ClientHello.Decode(Assert.Single(read.Messages).Bytes).GetValueOrThrow();
    }

    [Fact]
    public void Legacy_version_changes_only_that_field()
    {
        var mutated = Read(ClientHelloMutations.WithLegacyVersion(Hello, 0x0399));
        Assert.Equal(0x0399, mutated.LegacyVersion);
        Assert.Equal((Hello with { LegacyVersion = 0x0399 }).ToBytes(), mutated.ToBytes());
        Assert.Contains(mutated.Anomalies, a => a.Kind == AnomalyKind.UnexpectedLegacyVersion);
    }

    [Fact]
    public void Without_supported_versions_offers_tls12_downwards()
    {
        var mutated = Read(ClientHelloMutations.WithoutExtension(Hello, ExtensionType.SupportedVersions));
        Assert.Null(mutated.SupportedVersions);
        Assert.Equal(Hello.Extensions!.Count - 1, mutated.Extensions!.Count);
        Assert.Equal(TlsVersion.Tls12, mutated.OfferedVersions().Max());
    }

    [Fact]
    public void Unknown_and_empty_last_extensions_are_appended()
    {
        var unknown = Read(ClientHelloMutations.WithUnknownExtension(Hello, 0xFFFE, [1, 2, 3]));
        Assert.Equal((ushort)0xFFFE, unknown.Extensions![^1].Type);
        Assert.Equal([1, 2, 3], unknown.Extensions[^1].Data.ToArray());
        var empty = Read(ClientHelloMutations.WithEmptyExtensionLast(Hello));
        Assert.Equal(ExtensionType.ExtendedMasterSecret, empty.Extensions![^1].Type);
        Assert.Equal(0, empty.Extensions[^1].Data.Length);
        Assert.Single(empty.Extensions, e => e.Type == ExtensionType.ExtendedMasterSecret);
    }

    [Fact]
    public void Fragmented_hello_reassembles_to_the_same_message()
    {
        var records = ClientHelloMutations.Fragmented(Hello, 50);
        Assert.True(records.Length > Hello.ToBytes().Length + 5 * 3);
        Assert.Equal(Hello.ToBytes(), Read(records).ToBytes());
    }
}
