using TlsDoctor.Registry;
using TlsDoctor.Scanning;
using TlsDoctor.Wire;

namespace TlsDoctor.Tests.Scanning;

public class RawHandshakeProberTests
{
    private static byte[] ServerHelloRecord(ushort version, ushort suite, byte compression = 0, IReadOnlyList<TlsExtension>? extensions = null)
    {
        var hello = new ServerHello
        {
            LegacyVersion = version,
            Random = new byte[32],
            CipherSuite = suite,
            CompressionMethod = compression,
            Extensions = extensions ?? [],
        };
        return TlsRecord.Wrap(ContentType.Handshake, version, hello.ToBytes());
    }

    [Fact]
    public void Http_answer_is_not_tls_with_its_first_bytes()
    {
        var outcome = RawHandshakeProber.Interpret("HTTP/1.1 400 Bad Request\r\n"u8.ToArray(), new ProbeFailure.Closed(0));
        var notTls = Assert.IsType<ProbeFailure.NotTls>(outcome.Failure);
        Assert.StartsWith("485454502f312e31", notTls.FirstBytesHex);
        Assert.StartsWith("HTTP/1.1 400", notTls.FirstBytesText);
    }

    [Fact]
    public void Alert_record_is_reported_with_level_and_description()
    {
        // RFC 8446 section 6: record type 21, version, length 2, level fatal(2), handshake_failure(40).
        var outcome = RawHandshakeProber.Interpret(new byte[] { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28 }, new ProbeFailure.Closed(7));
        var alert = Assert.IsType<ProbeFailure.Alert>(outcome.Failure);
        Assert.Equal((byte)2, alert.Level);
        Assert.Equal((byte)40, alert.Description);
        Assert.Equal("alert handshake_failure(40), fatal", alert.Message);
        Assert.True(outcome.IsCleanRefusal);
    }

    [Fact]
    public void Truncated_server_hello_then_close_is_closed_mid_message()
    {
        var record = ServerHelloRecord(0x0303, 0xC02F);
        var outcome = RawHandshakeProber.Interpret(record.AsMemory(0, 9), new ProbeFailure.Closed(9));
        Assert.Equal(new ProbeFailure.Closed(9), outcome.Failure);
        Assert.Equal(FlightState.NeedMore, RawHandshakeProber.Classify(record.AsMemory(0, 9)));
    }

    [Fact]
    public void Tls12_server_hello_needs_the_rest_of_the_flight_and_reports_features()
    {
        var record = ServerHelloRecord(0x0303, 0xC02F, compression: 1,
            [new TlsExtension(ExtensionType.RenegotiationInfo, new byte[] { 0 }), new TlsExtension(ExtensionType.SessionTicket, Array.Empty<byte>())]);
        Assert.Equal(FlightState.NeedMore, RawHandshakeProber.Classify(record));
        var done = TlsRecord.Wrap(ContentType.Handshake, 0x0303, new byte[] { 14, 0, 0, 0 });
        var flight = record.Concat(done).ToArray();
        Assert.Equal(FlightState.Complete, RawHandshakeProber.Classify(flight));
        var answer = RawHandshakeProber.Interpret(flight, null).Answer!;
        Assert.Equal(TlsVersion.Tls12, answer.Version);
        Assert.Equal((ushort)0xC02F, answer.CipherSuite);
        Assert.Equal((byte)1, answer.Compression);
        Assert.True(answer.SecureRenegotiation);
        Assert.True(answer.SessionTicket);
        Assert.False(answer.Heartbeat);
    }

    [Fact]
    public void A_flight_cut_at_the_read_limit_inside_a_16_MB_certificate_says_its_certificate_was_cut()
    {
        var flight = new List<byte>(ServerHelloRecord(0x0303, 0xC02F));
        // Certificate (RFC 5246 section 7.4.2) announcing 16 MB, in full records, until the connector's read limit.
        var body = new byte[16 * 1024];
        body[0] = 11; body[1] = 0xFF; body[2] = 0xFF; body[3] = 0xF0;
        while (flight.Count < Connector.MaxFlightBytes)
        {
            flight.AddRange(TlsRecord.Wrap(ContentType.Handshake, 0x0303, body));
            body = new byte[16 * 1024];
        }
        var answer = RawHandshakeProber.Interpret(flight.Take(Connector.MaxFlightBytes).ToArray(), null).Answer!;
        Assert.Empty(answer.Certificates);
        Assert.True(answer.CertificateCut);
        Assert.False(RawHandshakeProber.Interpret(ServerHelloRecord(0x0303, 0xC02F), new ProbeFailure.Closed(0)).Answer!.CertificateCut);
    }

    [Fact]
    public void Every_strict_prefix_of_a_flight_never_throws()
    {
        var serverHello = ServerHelloRecord(0x0303, 0x002F);
        var flight = serverHello.Concat(TlsRecord.Wrap(ContentType.Handshake, 0x0303, new byte[] { 14, 0, 0, 0 })).ToArray();
        for (var i = 0; i < flight.Length; i++)
        {
            Assert.Equal(FlightState.NeedMore, RawHandshakeProber.Classify(flight.AsMemory(0, i)));
            var outcome = RawHandshakeProber.Interpret(flight.AsMemory(0, i), new ProbeFailure.Closed(i));
            // Once the ServerHello is whole, the server's choice is known even if the rest of the flight never came.
            Assert.Equal(i >= serverHello.Length, outcome.IsAnswer);
        }
        var random = new Random(4);
        for (var n = 0; n < 2000; n++)
        {
            var bytes = new byte[random.Next(1, 64)];
            random.NextBytes(bytes);
            if (n % 2 == 0) bytes[0] = 0x16;
            RawHandshakeProber.Classify(bytes);
            RawHandshakeProber.Interpret(bytes, null);
        }
    }

    [Fact]
    public void Scan_hellos_carry_the_features_asked_for_and_tls13_probes_no_key_share()
    {
        var legacy = RawHandshakeProber.Build(new HelloSpec { Version = TlsVersion.Tls11, CipherSuites = [0x002F], FallbackScsv = true }, RandomSource.FromSeed(1));
        Assert.Equal((ushort)0x0302, legacy.LegacyVersion);
        Assert.Equal(new ushort[] { 0x002F, 0x00FF, 0x5600 }, legacy.CipherSuites);
        Assert.Equal(new byte[] { 1, 0 }, legacy.CompressionMethods);
        Assert.True(legacy.HasExtension(ExtensionType.StatusRequest));
        Assert.True(legacy.HasExtension(ExtensionType.Heartbeat));
        Assert.False(legacy.HasExtension(ExtensionType.SignatureAlgorithms));

        var tls13 = RawHandshakeProber.Build(new HelloSpec
        {
            Version = TlsVersion.Tls13, CipherSuites = ScanCandidates.Tls13Suites, Groups = ScanCandidates.Tls13Groups,
            KeyShareGroups = ScanCandidates.KeyShares, SignatureAlgorithms = ScanCandidates.SignatureAlgorithms, ServerName = "example.com",
        }, RandomSource.FromSeed(2));
        Assert.Equal(new byte[] { 0 }, tls13.CompressionMethods);
        Assert.Empty(tls13.KeyShares);
        Assert.Equal(new ushort[] { 0x0304 }, tls13.SupportedVersions);
        Assert.Equal("example.com", tls13.ServerName);
        Assert.Contains((ushort)0x11EC, tls13.SupportedGroups); // X25519MLKEM768 offered without a share
    }
}
