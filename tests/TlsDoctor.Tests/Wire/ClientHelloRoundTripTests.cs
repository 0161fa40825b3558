using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using TlsDoctor.Wire;

namespace TlsDoctor.Tests.Wire;

public class ClientHelloRoundTripTests
{
    [Theory]
    [MemberData(nameof(Fixtures.AllClientHelloRecords), MemberType = typeof(Fixtures))]
    public void Real_hello_decodes_and_reencodes_byte_for_byte(string id, string hex)
    {
        var record = Convert.FromHexString(hex);
        if ((record[0] & 0x80) != 0)
        {
            var v2 = Sslv2ClientHello.Decode(record);
            Assert.True(v2.IsSuccess, $"{id}: {v2.Error}");
            Assert.Equal(hex, Convert.ToHexStringLower(v2.Value.ToBytes()));
            return;
        }
        var read = RecordLayerReader.Read(record);
        Assert.Equal(RecordReadStatus.Complete, read.Status);
        var message = Assert.Single(read.Messages);
        Assert.Equal(HandshakeType.ClientHello, message.HandshakeType);
        var hello = ClientHello.Decode(message.Bytes);
        Assert.True(hello.IsSuccess, $"{id}: {hello.Error}");
        var rebuilt = hello.Value.ToRecord(message.RecordVersion);
        Assert.Equal(hex, Convert.ToHexStringLower(rebuilt));

        // Rebuilt from the parsed fields alone (no raw bytes carried over).
        var copy = hello.Value with
        {
            RawBytes = null,
            Random = hello.Value.Random.ToArray(),
            SessionId = hello.Value.SessionId.ToArray(),
            CipherSuites = hello.Value.CipherSuites.ToList(),
            Extensions = hello.Value.Extensions?.Select(e => new TlsExtension(e.Type, e.Data.ToArray())).ToList(),
        };
        Assert.Equal(hex, Convert.ToHexStringLower(copy.ToRecord(message.RecordVersion)));
    }

    [Fact]
    public void Typed_views_match_the_captured_index_of_curl()
    {
        var (_, record) = Fixtures.HexLines("captured-client-hellos.txt").Single(x => x.Id == "curl");
        var hello = ClientHello.Decode(record.AsMemory(5)).GetValueOrThrow();
        // Ground truth: captured/index.json (tshark) says SNI test.example, ALPN h2,http/1.1.
        Assert.Equal("test.example", hello.ServerName);
        Assert.Equal(["h2", "http/1.1"], hello.Alpn);
        Assert.Contains(TlsVersion.Tls13, hello.OfferedVersions());
        Assert.Contains((ushort)0x001D, hello.KeyShares.Select(k => k.Group));
        Assert.Equal(32, hello.KeyShares.Single(k => k.Group == 0x001D).KeyExchange.Length);
        Assert.Empty(hello.Anomalies);
    }

    [Fact]
    public void Tls12_only_hello_offers_tls10_to_tls12()
    {
        var (_, record) = Fixtures.HexLines("captured-client-hellos.txt").Single(x => x.Id == "openssl-s_client-tls1_2");
        var hello = ClientHello.Decode(record.AsMemory(5)).GetValueOrThrow();
        Assert.Null(hello.SupportedVersions);
        var offer = hello.ToClientOffer();
        Assert.Equal([TlsVersion.Tls10, TlsVersion.Tls11, TlsVersion.Tls12], offer.Versions);
        Assert.Equal("test.example", offer.ServerName);
        Assert.Equal(hello.CipherSuites, offer.CipherSuites);
    }

    [Theory]
    [MemberData(nameof(Fixtures.AllClientHelloRecords), MemberType = typeof(Fixtures))]
    public void Every_strict_prefix_is_truncated_never_an_exception(string id, string hex)
    {
        var record = Convert.FromHexString(hex);
        if ((record[0] & 0x80) != 0) return;
        var message = record.AsMemory(5);
        for (var n = 0; n < message.Length; n++)
        {
            var result = ClientHello.Decode(message[..n]);
            Assert.False(result.IsSuccess, $"{id}: prefix of {n} bytes decoded");
            Assert.True(result.Error!.Offset <= n, $"{id}: offset {result.Error.Offset} beyond {n}");
        }
    }
}
