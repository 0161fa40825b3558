using CsCheck;
using TlsDoctor.Wire;

namespace TlsDoctor.Tests.Wire;

/// <summary>The one record/handshake assembler: the same messages however the bytes are split, and its limits and outcomes.</summary>
public class RecordAssemblerTests
{
    private static byte[] Handshake(byte type, int bodyLength, byte fill) =>
        [type, (byte)(bodyLength >> 16), (byte)(bodyLength >> 8), (byte)bodyLength, .. Enumerable.Repeat(fill, bodyLength)];

    private static List<TlsMessage> PushAll(RecordAssembler assembler, byte[] bytes, IEnumerable<int> cuts)
    {
        var messages = new List<TlsMessage>();
        var at = 0;
        foreach (var cut in cuts.Where(c => c > 0 && c < bytes.Length).Distinct().Order().Append(bytes.Length))
        {
            assembler.Push(bytes.AsMemory(at, cut - at).ToArray(), messages);
            at = cut;
        }
        return messages;
    }

    [Fact]
    public void Messages_are_the_same_however_the_stream_is_cut()
    {
        var flight = TlsRecord.Wrap(ContentType.Handshake, 0x0303, Handshake(2, 70, 1).Concat(Handshake(11, 20000, 2)).Concat(Handshake(14, 0, 0)).ToArray(), maxFragment: 700)
            .Concat(new byte[] { 20, 3, 3, 0, 1, 1 })
            .Concat(new byte[] { 22, 3, 3, 0, 3, 9, 9, 9 }) // protected Finished after ChangeCipherSpec
            .ToArray();
        var whole = PushAll(new RecordAssembler(), flight, []);
        Assert.Equal([TlsMessageKind.Handshake, TlsMessageKind.Handshake, TlsMessageKind.Handshake, TlsMessageKind.ChangeCipherSpec, TlsMessageKind.Encrypted], whole.Select(m => m.Kind));
        Gen.Int[0, flight.Length].Array[0, 12].Sample(cuts =>
        {
            var assembler = new RecordAssembler();
            var split = PushAll(assembler, flight, cuts);
            Assert.Equal(RecordAssemblerStatus.Reading, assembler.Status);
            Assert.False(assembler.HasPartialMessage);
            Assert.Equal(whole.Select(m => (m.Kind, Convert.ToHexString(m.Bytes.Span), m.Offset)), split.Select(m => (m.Kind, Convert.ToHexString(m.Bytes.Span), m.Offset)));
        }, iter: 200);
    }

    [Fact]
    public void A_hello_length_above_the_limit_is_refused_when_its_header_arrives()
    {
        var assembler = new RecordAssembler(RecordAssembler.MaxHelloLength);
        var messages = new List<TlsMessage>();
        // Record of 16384 bytes announced; only the handshake header has arrived.
        Assert.False(assembler.Push(new byte[] { 22, 3, 1, 0x40, 0x00, 1, 0x01, 0x00, 0x01 }, messages));
        Assert.Equal(RecordAssemblerStatus.TooLarge, assembler.Status);
        Assert.Equal("handshake length", assembler.Error!.Field);
        Assert.Contains("65537 bytes exceeds the limit of 65536", assembler.Error.Detail);
    }

    [Fact]
    public void A_hello_of_exactly_the_limit_is_assembled()
    {
        var hello = Handshake(1, RecordAssembler.MaxHelloLength, 5);
        var assembler = new RecordAssembler(RecordAssembler.MaxHelloLength);
        var messages = PushAll(assembler, TlsRecord.Wrap(ContentType.Handshake, 0x0301, hello), [100, 20000, 40000]);
        Assert.Equal(hello, Assert.Single(messages).Bytes.ToArray());
    }

    [Theory]
    [InlineData(22, 16385, RecordAssemblerStatus.TooLarge)]   // plaintext record above 2^14 (RFC 8446 5.1)
    [InlineData(23, 16385, RecordAssemblerStatus.Reading)]    // protected records may reach 2^14 + 2048
    [InlineData(23, 18433, RecordAssemblerStatus.TooLarge)]
    [InlineData(22, 0, RecordAssemblerStatus.Malformed)]      // empty handshake record
    public void Record_limits(byte type, int length, RecordAssemblerStatus expected)
    {
        var assembler = new RecordAssembler();
        assembler.Push(new byte[] { type, 3, 3, (byte)(length >> 8), (byte)length }, []);
        Assert.Equal(expected, assembler.Status);
    }

    [Fact]
    public void The_first_bytes_of_another_protocol_are_not_tls_and_later_garbage_is_malformed()
    {
        var http = new RecordAssembler();
        Assert.False(http.Push("G"u8.ToArray(), []));
        Assert.Equal(RecordAssemblerStatus.NotTls, http.Status);

        var later = new RecordAssembler();
        later.Push(TlsRecord.Wrap(ContentType.Handshake, 0x0303, Handshake(1, 10, 0)).Concat("GET"u8.ToArray()).ToArray(), []);
        Assert.Equal(RecordAssemblerStatus.Malformed, later.Status);
    }

    [Fact]
    public void An_sslv2_record_at_the_start_is_handed_out_whole_and_ends_reading()
    {
        byte[] record = [0x80, 0x05, 0x01, 0x00, 0x02, 0xAA, 0xBB];
        var assembler = new RecordAssembler { Sslv2MessageType = 1 };
        var messages = PushAll(assembler, record, [1, 2, 4]);
        Assert.Equal(RecordAssemblerStatus.Sslv2, assembler.Status);
        Assert.Equal(record, Assert.Single(messages).Bytes.ToArray());

        var other = new RecordAssembler { Sslv2MessageType = 1 };
        other.Push(new byte[] { 0x80, 0x40, 0x07 }, []);
        Assert.Equal(RecordAssemblerStatus.NotTls, other.Status);
    }

    [Fact]
    public void Handshake_bytes_without_records_are_framed_too()
    {
        var stream = Handshake(1, 300, 3).Concat(Handshake(2, 5, 4)).ToArray();
        var assembler = new RecordAssembler();
        var messages = new List<TlsMessage>();
        assembler.PushHandshake(stream.AsMemory(0, 100).ToArray(), 0, messages);
        Assert.Empty(messages);
        assembler.PushHandshake(stream.AsMemory(100).ToArray(), 100, messages);
        Assert.Equal([HandshakeType.ClientHello, HandshakeType.ServerHello], messages.Select(m => m.HandshakeType));
    }

    [Fact]
    public void Hostile_bytes_never_throw_and_give_the_same_answer_however_they_are_cut()
    {
        // Random bytes behind a plausible record header, so the reader gets past the first check most of the time.
        Gen.Select(Gen.Byte[20, 24], Gen.Byte.Array[0, 3000], Gen.Int[0, 3000].Array[0, 8]).Sample((type, body, cuts) =>
        {
            byte[] bytes = [type, 3, 3, (byte)(body.Length >> 8), (byte)body.Length, .. body];
            var whole = new RecordAssembler(4096);
            var expected = PushAll(whole, bytes, []);
            var split = new RecordAssembler(4096);
            var actual = PushAll(split, bytes, cuts);
            Assert.Equal(whole.Status, split.Status);
            Assert.Equal(expected.Select(m => (m.Kind, Convert.ToHexString(m.Bytes.Span))), actual.Select(m => (m.Kind, Convert.ToHexString(m.Bytes.Span))));
        }, iter: 2000);
    }
}
