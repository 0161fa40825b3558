using TlsDoctor.Wire;

namespace TlsDoctor.Tests.Wire;

public class RecordLayerReaderTests
{
    private static byte[] Handshake(byte type, int bodyLength, byte fill) =>
        [type, (byte)(bodyLength >> 16), (byte)(bodyLength >> 8), (byte)bodyLength, .. Enumerable.Repeat(fill, bodyLength)];

    [Fact]
    public void Coalesced_messages_in_one_record_come_out_separately()
    {
        var flight = Handshake(2, 70, 1).Concat(Handshake(11, 300, 2)).Concat(Handshake(14, 0, 0)).ToArray();
        var record = TlsRecord.Wrap(ContentType.Handshake, 0x0303, flight);
        var result = RecordLayerReader.Read(record);
        Assert.Equal(RecordReadStatus.Complete, result.Status);
        Assert.Equal([HandshakeType.ServerHello, HandshakeType.Certificate, HandshakeType.ServerHelloDone], result.Messages.Select(m => m.HandshakeType));
        Assert.Equal(304, result.Messages[1].Bytes.Length);
    }

    [Fact]
    public void Message_fragmented_across_records_is_reassembled()
    {
        var certificate = Handshake(11, 40000, 7);
        var flight = Handshake(2, 70, 1).Concat(certificate).Concat(Handshake(14, 0, 0)).ToArray();
        var records = TlsRecord.Wrap(ContentType.Handshake, 0x0303, flight, maxFragment: 1000);
        var result = RecordLayerReader.Read(records);
        Assert.Equal(RecordReadStatus.Complete, result.Status);
        Assert.Equal(3, result.Messages.Count);
        Assert.Equal(certificate, result.Messages[1].Bytes.ToArray());
        Assert.Equal(HandshakeType.ServerHelloDone, result.Messages[2].HandshakeType);
    }

    [Fact]
    public void Every_split_point_needs_more_bytes_until_the_end()
    {
        var flight = Handshake(2, 70, 1).Concat(Handshake(11, 3000, 2)).Concat(Handshake(14, 0, 0)).ToArray();
        var records = TlsRecord.Wrap(ContentType.Handshake, 0x0303, flight, maxFragment: 517);
        for (var n = 0; n < records.Length; n++)
        {
            var partial = RecordLayerReader.Read(records.AsMemory(0, n));
            Assert.Equal(RecordReadStatus.NeedMoreBytes, partial.Status);
            Assert.True(partial.Messages.Count < 3);
        }
        Assert.Equal(3, RecordLayerReader.Read(records).Messages.Count);
    }

    [Fact]
    public void Alert_record_is_read_as_alert()
    {
        var result = RecordLayerReader.Read(new Alert(2, 40).ToRecord());
        var alert = Alert.Decode(Assert.Single(result.Messages).Bytes.Span).GetValueOrThrow();
        Assert.Equal("fatal", alert.LevelName);
        Assert.Equal("handshake_failure", alert.DescriptionName); // RFC 8446 section 6: handshake_failure(40)
    }

    [Fact]
    public void Http_response_is_not_tls()
    {
        var result = RecordLayerReader.Read("HTTP/1.1 400 Bad Request\r\n"u8.ToArray());
        Assert.Equal(RecordReadStatus.Error, result.Status);
        Assert.Equal("content type", result.Error!.Field);
        Assert.Equal(0, result.Error.Offset);
    }

    [Fact]
    public void Interleaved_alert_inside_fragmented_message_is_an_error()
    {
        var part = TlsRecord.Wrap(ContentType.Handshake, 0x0303, Handshake(11, 100, 1).AsSpan(0, 50));
        var bytes = part.Concat(new Alert(2, 40).ToRecord()).ToArray();
        Assert.Equal(RecordReadStatus.Error, RecordLayerReader.Read(bytes).Status);
    }

    [Fact]
    public void Seeded_random_bytes_never_throw()
    {
        var rng = new Random(1234);
        for (var i = 0; i < 20000; i++)
        {
            var b = new byte[rng.Next(0, 64)];
            rng.NextBytes(b);
            if (b.Length > 0 && rng.Next(2) == 0) b[0] = (byte)rng.Next(20, 25);
            if (b.Length > 2 && rng.Next(2) == 0) b[1] = 3;
            var r = RecordLayerReader.Read(b);
            Assert.True(r.ConsumedBytes <= b.Length);
        }
    }
}

public class RecordLayerReaderChangeCipherSpecTests
{
    [Fact]
    public void Server_hello_after_hello_retry_request_and_change_cipher_spec_stays_plaintext()
    {
        var hrr = new ServerHello { LegacyVersion = 0x0303, Random = ServerHello.HelloRetryRequestRandom.ToArray(), CipherSuite = 0x1301 }.ToBytes();
        var sh = new ServerHello { LegacyVersion = 0x0303, Random = new byte[32], CipherSuite = 0x1301 }.ToBytes();
        var bytes = TlsRecord.Wrap(ContentType.Handshake, 0x0303, hrr)
            .Concat(TlsRecord.Wrap(ContentType.ChangeCipherSpec, 0x0303, [1]))
            .Concat(TlsRecord.Wrap(ContentType.Handshake, 0x0303, sh)).ToArray();
        var result = RecordLayerReader.Read(bytes);
        Assert.Equal([TlsMessageKind.Handshake, TlsMessageKind.ChangeCipherSpec, TlsMessageKind.Handshake], result.Messages.Select(m => m.Kind));
    }

    [Fact]
    public void Tls12_finished_after_change_cipher_spec_is_encrypted()
    {
        var finished = new byte[40]; // GCM: 8-byte explicit nonce (zero for the first record) + ciphertext + tag
        var bytes = TlsRecord.Wrap(ContentType.ChangeCipherSpec, 0x0303, [1]).Concat(TlsRecord.Wrap(ContentType.Handshake, 0x0303, finished)).ToArray();
        Assert.Equal(TlsMessageKind.Encrypted, RecordLayerReader.Read(bytes).Messages[1].Kind);
    }
}
