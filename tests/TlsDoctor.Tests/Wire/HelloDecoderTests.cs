using TlsDoctor.Wire;

namespace TlsDoctor.Tests.Wire;

public class HelloDecoderTests
{
    private static string CapturedHex(string id) => Convert.ToHexStringLower(Fixtures.HexLines("captured-client-hellos.txt").Single(x => x.Id == id).Bytes);

    [Fact]
    public void Record_handshake_and_wireshark_spellings_decode_the_same_hello()
    {
        var hex = CapturedHex("openssl-s_client-tls1_2");
        var colon = string.Join(':', Enumerable.Range(0, hex.Length / 2).Select(i => hex.Substring(2 * i, 2)));
        var dump = string.Join('\n', Enumerable.Range(0, (hex.Length / 2 + 15) / 16).Select(line =>
            $"{line * 16:x4}   {string.Join(' ', Enumerable.Range(line * 16, Math.Min(16, hex.Length / 2 - line * 16)).Select(i => hex.Substring(2 * i, 2)))}   ................"));
        foreach (var text in new[] { hex, hex[10..], colon, dump, hex.ToUpperInvariant() })
        {
            Assert.True(HexInput.TryParse(text, out var bytes, out var error), error);
            var decoded = HelloDecoder.Decode(bytes).GetValueOrThrow();
            Assert.Equal("ClientHello", decoded.Type);
            Assert.Equal("test.example", decoded.ClientHello!.ServerName);
        }
    }

    [Fact]
    public void A_bare_ClientHello_body_decodes_as_the_hello_it_came_from()
    {
        var record = Convert.FromHexString(CapturedHex("openssl-s_client-tls1_2"));
        var body = record[(5 + 4)..];
        Assert.False(HelloDecoder.Decode(body).IsSuccess);
        foreach (var input in new[] { record, record[5..], body })
        {
            var decoded = HelloDecoder.DecodeClientHello(input).GetValueOrThrow();
            Assert.Equal("test.example", decoded.ClientHello!.ServerName);
            Assert.Equal(HelloDecoder.Decode(record).GetValueOrThrow().ClientHello!.CipherSuites, decoded.ClientHello.CipherSuites);
        }
    }

    [Fact]
    public void A_truncated_body_names_the_field_at_its_offset_in_the_input()
    {
        var body = Convert.FromHexString(CapturedHex("openssl-s_client-tls1_2"))[(5 + 4)..];
        var error = HelloDecoder.DecodeClientHello(body[..40]).Error!;
        Assert.Equal("cipher_suites", error.Field);
        Assert.Equal(2 + 32 + 1, error.Offset); // version, random, empty session id
    }

    [Fact]
    public void Truncated_record_names_the_field_where_the_bytes_end()
    {
        var bytes = Convert.FromHexString(CapturedHex("openssl-s_client-tls1_2"))[..60];
        var error = HelloDecoder.Decode(bytes).Error!;
        Assert.Equal("ClientHello", error.Message);
        Assert.Equal("cipher_suites", error.Field);
        Assert.Equal(5 + 4 + 2 + 32 + 1, error.Offset); // record header, handshake header, version, random, empty session id
    }

    [Fact]
    public void Sslv2_hello_is_recognised()
    {
        var (_, bytes) = Fixtures.HexLines("testssl-client-hellos.txt").First(x => (x.Bytes[0] & 0x80) != 0);
        var decoded = HelloDecoder.Decode(bytes).GetValueOrThrow();
        Assert.Equal("SSLv2ClientHello", decoded.Type);
        Assert.NotEmpty(decoded.Sslv2ClientHello!.CipherSpecs);
    }

    [Theory]
    [InlineData("zz", false)]
    [InlineData("160", false)]
    [InlineData("0x16, 0x03", true)]
    public void Hex_input_rules(string text, bool ok) => Assert.Equal(ok, HexInput.TryParse(text, out _, out _));
}
