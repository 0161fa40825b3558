using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using TlsDoctor.Wire;

namespace TlsDoctor.Tests.Wire;

public class Sslv2HelloTests
{
    [Fact]
    public void Compatible_form_of_a_tls_hello_carries_its_suites_and_random()
    {
        var tls = new ClientHelloBuilder { Versions = [TlsVersion.Tls10], Random = RandomSource.FromSeed(1) }.WithCipherSuites(0x002F, 0x000A).Build();
        var v2 = Sslv2ClientHello.FromClientHello(tls, [0x010080, 0x0700C0]);
        var bytes = v2.ToBytes();
        // RFC 5246 E.2: msg_type 1, version 0x0301, cipher_spec_length 12, session_id_length 0, challenge_length 32.
        Assert.Equal("01" + "0301" + "000c" + "0000" + "0020", Convert.ToHexStringLower(bytes.AsSpan(2, 9)));
        Assert.Equal(0x8000 | (bytes.Length - 2), bytes[0] << 8 | bytes[1]);
        var decoded = HelloDecoder.Decode(bytes).GetValueOrThrow().Sslv2ClientHello!;
        Assert.Equal([0x002F, 0x000A], decoded.TlsCipherSuites);
        Assert.Equal([0x010080u, 0x0700C0u], decoded.Sslv2CipherKinds);
        Assert.Equal(tls.Random.ToArray(), decoded.Challenge.ToArray());
        Assert.Equal([TlsVersion.SSLv2, TlsVersion.SSLv3, TlsVersion.Tls10], decoded.ToClientOffer().Versions);
        Assert.Equal("SSL_CK_RC4_128_WITH_MD5", Sslv2CipherKinds.Describe(decoded.Sslv2CipherKinds[0]));
    }

    [Fact]
    public void Server_hello_round_trips_and_is_read_off_the_record_layer()
    {
        var hello = new Sslv2ServerHello { Version = 0x0002, CertificateType = 1, Certificate = new byte[] { 0x30, 0x03, 0x02, 0x01, 0x00 }, CipherSpecs = [0x010080, 0x020080], ConnectionId = new byte[16] };
        var bytes = hello.ToBytes();
        var read = RecordLayerReader.Read(bytes);
        var message = Assert.Single(read.Messages);
        Assert.Equal(TlsMessageKind.Sslv2, message.Kind);
        var decoded = Sslv2ServerHello.Decode(message.Bytes).GetValueOrThrow();
        Assert.Equal(bytes, decoded.ToBytes());
        Assert.Equal([0x010080u, 0x020080u], decoded.CipherSpecs);
        Assert.False(decoded.TryGetCertificate().IsSuccess); // not a certificate: a typed error, no exception
    }
}
