using TlsDoctor.Capture;

namespace TlsDoctor.Tests.Capture;

public class HelloStreamReaderTests
{
    /// <summary>curl's ClientHello record as captured (Fixtures/curl.clienthello.hex): one handshake record.</summary>
    private static readonly byte[] CurlRecord = Convert.FromHexString(File.ReadAllText(FingerprintReferenceTests.Fixture("curl.clienthello.hex")).Trim());

    private static byte[] HandshakeMessage => CurlRecord[5..];

    private static List<HelloStreamEvent> Feed(HelloStreamReader reader, params byte[][] chunks)
    {
        var events = new List<HelloStreamEvent>();
        foreach (var c in chunks) reader.Feed(c, true, events);
        return events;
    }

    [Fact]
    public void A_whole_record_gives_the_handshake_message()
    {
        var events = Feed(new HelloStreamReader(strict: true), CurlRecord);
        var hello = Assert.IsType<HelloStreamEvent.Hello>(Assert.Single(events));
        Assert.Equal(HandshakeMessage, hello.HandshakeMessage);
    }

    [Fact]
    public void One_byte_writes_give_the_same_message()
    {
        var reader = new HelloStreamReader(strict: true);
        var events = Feed(reader, CurlRecord.Select(b => new[] { b }).ToArray());
        var hello = Assert.IsType<HelloStreamEvent.Hello>(Assert.Single(events));
        Assert.Equal(HandshakeMessage, hello.HandshakeMessage);
    }

    [Fact]
    public void Every_strict_prefix_is_incomplete_not_an_error()
    {
        for (var n = 1; n < CurlRecord.Length; n++)
        {
            var reader = new HelloStreamReader(strict: true);
            Assert.Empty(Feed(reader, CurlRecord[..n]));
            Assert.False(reader.IsDone);
            Assert.True(reader.HasPartialMessage);
        }
    }

    [Fact]
    public void A_hello_fragmented_over_several_records_is_reassembled()
    {
        // RFC 8446 section 5.1: handshake messages may be fragmented across records.
        var message = HandshakeMessage;
        var records = message.Chunk(100).SelectMany(part => new byte[] { 22, 3, 1, (byte)(part.Length >> 8), (byte)part.Length }.Concat(part)).ToArray();
        var hello = Assert.IsType<HelloStreamEvent.Hello>(Assert.Single(Feed(new HelloStreamReader(strict: true), records)));
        Assert.Equal(message, hello.HandshakeMessage);
    }

    [Fact]
    public void Garbage_is_not_tls()
    {
        var m = Assert.IsType<HelloStreamEvent.Malformed>(Assert.Single(Feed(new HelloStreamReader(strict: true), "GET / HTTP/1.1\r\n"u8.ToArray())));
        Assert.StartsWith("not TLS: first bytes 474554", m.Reason);
    }

    [Fact]
    public void An_oversized_record_length_is_reported_without_waiting_for_the_bytes()
    {
        var m = Assert.IsType<HelloStreamEvent.Malformed>(Assert.Single(Feed(new HelloStreamReader(strict: true), [22, 3, 1, 0xFF, 0xFF])));
        Assert.StartsWith("oversized: record length 65535", m.Reason);
    }

    [Fact]
    public void An_oversized_hello_length_field_is_reported()
    {
        var m = Assert.IsType<HelloStreamEvent.Malformed>(Assert.Single(Feed(new HelloStreamReader(strict: true, maxHelloBytes: 1024), [22, 3, 1, 0, 4, 1, 0xFF, 0xFF, 0xFF])));
        Assert.StartsWith("oversized: ClientHello length field 16777215", m.Reason);
    }

    [Fact]
    public void An_sslv2_hello_is_reported_as_such()
    {
        // SSL 2.0 CLIENT-HELLO framing (RFC 6101 appendix E.2): 2-byte length with the high bit, msg type 1, version 3.1,
        // cipher_spec_length 3, session_id_length 0, challenge_length 16.
        var body = new byte[] { 1, 3, 1, 0, 3, 0, 0, 0, 16, 0x00, 0x00, 0x2F }.Concat(new byte[16]).ToArray();
        var record = new byte[] { (byte)(0x80 | (body.Length >> 8)), (byte)body.Length }.Concat(body).ToArray();
        var m = Assert.IsType<HelloStreamEvent.Malformed>(Assert.Single(Feed(new HelloStreamReader(strict: true), record)));
        Assert.StartsWith("SSLv2: ", m.Reason);
    }

    [Fact]
    public void Scanning_mode_ignores_a_preamble_and_finds_the_hello_at_a_segment_start()
    {
        var reader = new HelloStreamReader(strict: false);
        var events = Feed(reader, [5, 1, 0], [5, 1, 0, 1, 127, 0, 0, 1, 1, 187], CurlRecord);
        var hello = Assert.IsType<HelloStreamEvent.Hello>(Assert.Single(events));
        Assert.Equal(HandshakeMessage, hello.HandshakeMessage);
    }

    [Fact]
    public void Seeded_random_bytes_never_throw()
    {
        var random = new Random(6);
        for (var i = 0; i < 2000; i++)
        {
            var data = new byte[random.Next(1, 300)];
            random.NextBytes(data);
            if (i % 3 == 0) { data[0] = 22; if (data.Length > 1) data[1] = 3; }
            var reader = new HelloStreamReader(strict: i % 2 == 0, maxHelloBytes: 4096);
            var events = new List<HelloStreamEvent>();
            foreach (var chunk in data.Chunk(random.Next(1, 20))) reader.Feed(chunk, true, events);
        }
    }
}
