using System.Net.Sockets;
using TlsDoctor.IntegrationTests.Servers;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using TlsDoctor.Wire;

namespace TlsDoctor.IntegrationTests.Wire;

/// <summary>
/// Crafted hellos against live `openssl s_server`; every expected value comes from the server's configuration
/// (suite, group, DH prime, certificate) or from what the hello allowed (the only signature scheme offered).
/// </summary>
public class ServerAnswerTests
{
    private static ClientHelloBuilder Probe(params TlsVersion[] versions) => new ClientHelloBuilder
    {
        Versions = versions,
        Random = RandomSource.FromSeed(42),
        ServerName = "localhost",
        RenegotiationInfo = true,
    };

    [Fact]
    public async Task Tls12_ecdhe_rsa_flight_parses_to_the_configured_suite_group_and_certificate()
    {
        await using var server = await OpenSslServer.StartAsync(CertificateKind.Rsa, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256", "-groups", "P-384");
        var hello = Probe(TlsVersion.Tls12).WithCipherSuites(0xC030, 0xC02F, 0x009C).WithGroups(0x001D, 0x0017, 0x0018)
            .WithSignatureAlgorithms(0x0401).Build();
        var (flight, _) = await ServerFlight.ExchangeAsync(server.Port, hello.ToRecord());

        Assert.Equal(RecordReadStatus.Complete, flight.Status);
        var serverHello = ServerFlight.ServerHelloOf(flight);
        Assert.Equal(TlsVersion.Tls12, serverHello.SelectedVersion);
        Assert.Equal((ushort)0xC02F, serverHello.CipherSuite); // ECDHE-RSA-AES128-GCM-SHA256
        Assert.True(serverHello.SupportsSecureRenegotiation);

        var certificate = CertificateMessage.Decode(flight.FindHandshake(HandshakeType.Certificate)!.Value.Bytes).GetValueOrThrow();
        var chain = certificate.TryGetX509Chain().GetValueOrThrow();
        Assert.Equal(TestCertificates.Rsa.Certificate.Thumbprint, chain[0].Thumbprint);

        var ske = ServerKeyExchange.Decode(flight.FindHandshake(HandshakeType.ServerKeyExchange)!.Value.Bytes,
            CipherSuites.Find(serverHello.CipherSuite)!, serverHello.SelectedVersion).GetValueOrThrow();
        Assert.Equal(KeyExchangeKind.Ecdhe, ske.Kind);
        Assert.Equal((ushort)0x0018, ske.NamedGroup);                 // -groups P-384
        Assert.Equal(97, ske.PublicKey.Length);                       // uncompressed P-384 point
        Assert.Equal((ushort)0x0401, ske.SignatureScheme);            // the only scheme offered
        Assert.Equal(256, ske.Signature!.Value.Length);               // RSA-2048 signature
        Assert.NotNull(flight.FindHandshake(HandshakeType.ServerHelloDone));
    }

    [Fact]
    public async Task Tls12_dhe_flight_reports_the_configured_prime_size()
    {
        var dhparam = Path.Combine(TestCertificates.TempFolder, "codec-ffdhe3072.pem");
        var gen = await ProcessRunner.RunAsync("openssl", ["genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "group:ffdhe3072", "-out", dhparam], TimeSpan.FromSeconds(20));
        Assert.True(File.Exists(dhparam), gen.Output);
        await using var server = await OpenSslServer.StartAsync(CertificateKind.Rsa, "-tls1_2", "-cipher", "DHE-RSA-AES256-GCM-SHA384", "-dhparam", dhparam);
        var hello = Probe(TlsVersion.Tls12).WithCipherSuites(0x009F).WithSignatureAlgorithms(0x0804, 0x0401).Build();
        var (flight, _) = await ServerFlight.ExchangeAsync(server.Port, hello.ToRecord());

        var serverHello = ServerFlight.ServerHelloOf(flight);
        Assert.Equal((ushort)0x009F, serverHello.CipherSuite);
        var ske = ServerKeyExchange.Decode(flight.FindHandshake(HandshakeType.ServerKeyExchange)!.Value.Bytes,
            CipherSuites.Find(serverHello.CipherSuite)!, serverHello.SelectedVersion).GetValueOrThrow();
        Assert.Equal(KeyExchangeKind.Dhe, ske.Kind);
        Assert.Equal(3072, ske.DhPrimeBits);
        Assert.Equal([2], ske.DhGenerator.ToArray());
        Assert.Contains(ske.SignatureScheme!.Value, new ushort[] { 0x0804, 0x0401 });
    }

    [Fact]
    public async Task Tls12_ecdsa_flight_carries_the_ecdsa_certificate()
    {
        await using var server = await OpenSslServer.StartAsync(CertificateKind.Ecdsa, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES256-GCM-SHA384", "-groups", "X25519");
        var hello = Probe(TlsVersion.Tls12).WithCipherSuites(0xC02C, 0xC030).WithGroups(0x0017, 0x001D).WithSignatureAlgorithms(0x0403).Build();
        var (flight, _) = await ServerFlight.ExchangeAsync(server.Port, hello.ToRecord());
        var serverHello = ServerFlight.ServerHelloOf(flight);
        Assert.Equal((ushort)0xC02C, serverHello.CipherSuite);
        var chain = CertificateMessage.Decode(flight.FindHandshake(HandshakeType.Certificate)!.Value.Bytes).GetValueOrThrow().TryGetX509Chain().GetValueOrThrow();
        Assert.Equal(TestCertificates.Ecdsa.Certificate.Thumbprint, chain[0].Thumbprint);
        var ske = ServerKeyExchange.Decode(flight.FindHandshake(HandshakeType.ServerKeyExchange)!.Value.Bytes,
            CipherSuites.Find(serverHello.CipherSuite)!, serverHello.SelectedVersion).GetValueOrThrow();
        Assert.Equal((ushort)0x001D, ske.NamedGroup);
        Assert.Equal(32, ske.PublicKey.Length);
        Assert.Equal((ushort)0x0403, ske.SignatureScheme);
    }

    [Fact]
    public async Task Tls10_flight_has_an_unnamed_signature()
    {
        await using var server = await OpenSslServer.StartAsync(CertificateKind.Rsa, "-tls1", "-cipher", "ECDHE-RSA-AES128-SHA:@SECLEVEL=0");
        var hello = Probe(TlsVersion.Tls10).WithCipherSuites(0xC013, 0x002F).WithGroups(0x0017).Build();
        Assert.Null(hello.FindExtension(ExtensionType.SignatureAlgorithms)); // no sigalgs before TLS 1.2
        var (flight, _) = await ServerFlight.ExchangeAsync(server.Port, hello.ToRecord(0x0301));
        var serverHello = ServerFlight.ServerHelloOf(flight);
        Assert.Equal(TlsVersion.Tls10, serverHello.SelectedVersion);
        Assert.Equal((ushort)0xC013, serverHello.CipherSuite);
        var ske = ServerKeyExchange.Decode(flight.FindHandshake(HandshakeType.ServerKeyExchange)!.Value.Bytes,
            CipherSuites.Find(serverHello.CipherSuite)!, serverHello.SelectedVersion).GetValueOrThrow();
        Assert.Null(ske.SignatureScheme);
        Assert.Equal((ushort)0x0017, ske.NamedGroup);
        Assert.Equal(256, ske.Signature!.Value.Length);
    }

    [Fact]
    public async Task Tls13_server_hello_selects_version_and_group_via_extensions()
    {
        await using var server = await OpenSslServer.StartAsync(CertificateKind.Ecdsa, "-tls1_3", "-groups", "X25519:P-256");
        var hello = Probe(TlsVersion.Tls12, TlsVersion.Tls13).WithCipherSuites(0x1302, 0x1301).WithGroups(0x001D, 0x0017)
            .WithKeyShares(0x001D).WithGrease().Build();
        var (flight, _) = await ServerFlight.ExchangeAsync(server.Port, hello.ToRecord());
        var serverHello = ServerFlight.ServerHelloOf(flight);
        Assert.False(serverHello.IsHelloRetryRequest);
        Assert.Equal(0x0303, serverHello.LegacyVersion);
        Assert.Equal(TlsVersion.Tls13, serverHello.SelectedVersion);
        Assert.Equal((ushort)0x001D, serverHello.SelectedGroup);
        Assert.Equal(32, serverHello.KeyShare!.Value.KeyExchange.Length);
        Assert.Equal(hello.SessionId.ToArray(), serverHello.SessionId.ToArray()); // RFC 8446 4.1.3: echoed
        Assert.Contains(flight.Messages, m => m.Kind == TlsMessageKind.ChangeCipherSpec);
        Assert.Empty(serverHello.Anomalies);
    }

    [Theory]
    [InlineData((ushort)0x0017, "P-256")]
    [InlineData((ushort)0x11EC, "X25519MLKEM768")]
    public async Task Tls13_key_share_is_accepted_by_openssl(ushort group, string opensslName)
    {
        // OpenSSL 3.0 has no ML-KEM: the hybrid case must then fall back to P-256 via HelloRetryRequest.
        var supported = (await ProcessRunner.RunAsync("openssl", ["list", "-kem-algorithms"], TimeSpan.FromSeconds(10))).Output.Contains("ML-KEM", StringComparison.OrdinalIgnoreCase);
        await using var server = await OpenSslServer.StartAsync(CertificateKind.Ecdsa, "-tls1_3", "-groups", supported ? opensslName : "P-256");
        var hello = Probe(TlsVersion.Tls13).WithCipherSuites(0x1301).WithGroups(group, 0x0017).WithKeyShares(group).Build();
        var (flight, _) = await ServerFlight.ExchangeAsync(server.Port, hello.ToRecord());
        var serverHello = ServerFlight.ServerHelloOf(flight);
        if (group == 0x0017 || supported)
        {
            Assert.False(serverHello.IsHelloRetryRequest);
            Assert.Equal(group, serverHello.SelectedGroup);
        }
        else
        {
            Assert.True(serverHello.IsHelloRetryRequest);
            Assert.Equal((ushort)0x0017, serverHello.SelectedGroup);
        }
    }

    [Fact]
    public async Task HelloRetryRequest_then_second_hello_completes_with_the_requested_group()
    {
        await using var server = await OpenSslServer.StartAsync(CertificateKind.Rsa, "-tls1_3", "-groups", "P-384");
        var builder = Probe(TlsVersion.Tls13).WithCipherSuites(0x1301).WithGroups(0x001D, 0x0018).WithKeyShares(0x001D);
        var first = builder.Build();
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", server.Port);
        var (flight, _) = await ServerFlight.ExchangeAsync(server.Port, first.ToRecord(), client,
            r => r.FindHandshake(HandshakeType.ServerHello) is not null);
        var hrr = ServerFlight.ServerHelloOf(flight);
        Assert.True(hrr.IsHelloRetryRequest);
        Assert.Equal((ushort)0x0018, hrr.SelectedGroup);
        Assert.Equal(TlsVersion.Tls13, hrr.SelectedVersion);

        // RFC 8446 4.1.2: the second hello repeats the first with the key share replaced (and the cookie, if any, echoed).
        var share = KeyShareGenerator.TryGenerate(0x0018, RandomSource.FromSeed(5))!;
        var extensions = first.Extensions!.Select(e => e.Type == ExtensionType.KeyShare
            ? new TlsExtension(e.Type, ExtensionCodec.EncodeClientKeyShares([share.ToEntry()])) : e).ToList();
        if (hrr.Cookie is { } cookie) extensions.Add(new TlsExtension(ExtensionType.Cookie, cookie.ToArray()));
        var second = first with { Extensions = extensions };
        var (again, _) = await ServerFlight.ExchangeAsync(server.Port, second.ToRecord(0x0303), client,
            r => r.FindHandshake(HandshakeType.ServerHello) is not null || r.FirstAlert is not null);
        Assert.Null(again.FirstAlert);
        var serverHellos = again.Messages.Where(m => m.Kind == TlsMessageKind.Handshake && m.HandshakeType == HandshakeType.ServerHello).ToList();
        var final = ServerHello.Decode(serverHellos[^1].Bytes).GetValueOrThrow();
        Assert.False(final.IsHelloRetryRequest);
        Assert.Equal((ushort)0x0018, final.SelectedGroup);
        Assert.Equal(97, final.KeyShare!.Value.KeyExchange.Length);
    }

    [Fact]
    public async Task No_shared_suite_is_answered_with_a_handshake_failure_alert()
    {
        await using var server = await OpenSslServer.StartAsync(CertificateKind.Rsa, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256");
        var hello = Probe(TlsVersion.Tls12).WithCipherSuites(0x009D).Build(); // AES256-GCM-SHA384 only
        var (flight, _) = await ServerFlight.ExchangeAsync(server.Port, hello.ToRecord());
        var alert = Alert.Decode(flight.FirstAlert!.Value.Bytes.Span).GetValueOrThrow();
        Assert.True(alert.IsFatal);
        Assert.Equal("handshake_failure", alert.DescriptionName); // RFC 5246 7.4.1.3 / OpenSSL "no shared cipher"
    }
}
