using TlsDoctor.Emulator;

namespace TlsDoctor.Tests.Emulator;

public sealed class FirstFlightReaderTests
{
    // A ClientHello handshake message: type 1, uint24 length 6, then 6 body bytes (framing only matters here).
    private static readonly byte[] Hello = [0x01, 0x00, 0x00, 0x06, 0x03, 0x03, 0xAA, 0xBB, 0xCC, 0xDD];

    private static byte[] Record(byte type, ReadOnlySpan<byte> fragment) =>
        [type, 0x03, 0x01, (byte)(fragment.Length >> 8), (byte)fragment.Length, .. fragment];

    private static Task<FirstFlight> Read(byte[] bytes, int chunk = int.MaxValue) =>
        FirstFlightReader.ReadAsync(new TrickleStream(bytes, chunk), CancellationToken.None);

    [Fact]
    public async Task OneRecord_YieldsTheHelloAndEveryByteRead()
    {
        var bytes = Record(0x16, Hello);
        var flight = await Read(bytes, chunk: 3);
        Assert.Equal(FirstFlightKind.Tls, flight.Kind);
        Assert.Equal(Hello, flight.ClientHello.ToArray());
        Assert.Equal(bytes, flight.Raw.ToArray());
    }

    [Fact]
    public async Task HelloFragmentedAcrossRecords_IsReassembled()
    {
        // RFC 8446 5.1: handshake messages may be fragmented across records.
        var bytes = Record(0x16, Hello.AsSpan(0, 2)).Concat(Record(0x16, Hello.AsSpan(2, 5))).Concat(Record(0x16, Hello.AsSpan(7))).ToArray();
        var flight = await Read(bytes, chunk: 1);
        Assert.Equal(FirstFlightKind.Tls, flight.Kind);
        Assert.Equal(Hello, flight.ClientHello.ToArray());
        Assert.Equal(bytes.Length, flight.Raw.Length);
    }

    [Fact]
    public async Task EveryStrictPrefix_IsClosed()
    {
        var bytes = Record(0x16, Hello);
        for (var i = 0; i < bytes.Length; i++)
            Assert.Equal(FirstFlightKind.Closed, (await Read(bytes[..i])).Kind);
    }

    [Fact]
    public async Task PlainHttp_IsNotTls()
    {
        var flight = await Read("GET / HTTP/1.1\r\n\r\n"u8.ToArray());
        Assert.Equal(FirstFlightKind.NotTls, flight.Kind);
        Assert.Contains("'G'", flight.Problem);
    }

    [Fact]
    public async Task Sslv2Hello_IsRecognised()
    {
        // RFC 5246 E.2: 2-byte length with the high bit set, msg_type 1, version 3.1, …
        byte[] body = [0x01, 0x03, 0x01, 0x00, 0x03, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x0A, .. new byte[16]];
        byte[] bytes = [(byte)(0x80 | (body.Length >> 8)), (byte)body.Length, .. body];
        var flight = await Read(bytes);
        Assert.Equal(FirstFlightKind.Sslv2, flight.Kind);
        Assert.Equal(body, flight.Sslv2Hello.ToArray());
    }

    [Fact]
    public async Task OtherHandshakeFirst_OrOtherRecordType_IsMalformed()
    {
        Assert.Equal(FirstFlightKind.Malformed, (await Read(Record(0x16, [0x02, 0x00, 0x00, 0x00]))).Kind);
        Assert.Equal(FirstFlightKind.Malformed, (await Read(Record(0x16, [0x01, 0x00]).Concat(Record(0x17, [0x00])).ToArray())).Kind);
    }

    [Fact]
    public async Task OversizedHello_IsMalformed_WithoutReadingIt()
    {
        var flight = await Read(Record(0x16, [0x01, 0x10, 0x00, 0x00]));
        Assert.Equal(FirstFlightKind.Malformed, flight.Kind);
        Assert.Contains("limit", flight.Problem);
    }

    [Fact]
    public async Task RandomBytes_NeverThrow()
    {
        var random = new Random(42);
        for (var i = 0; i < 500; i++)
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            if (bytes.Length > 0 && i % 2 == 0) bytes[0] = 0x16;
            await Read(bytes, chunk: random.Next(1, 50));
        }
    }

    /// <summary>Returns at most <c>chunk</c> bytes per read, then end of stream.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : Stream
    {
        private int _position;
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, chunk), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => data.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
