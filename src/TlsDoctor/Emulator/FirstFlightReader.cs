using System.Buffers.Binary;

namespace TlsDoctor.Emulator;

/// <summary>
/// Reads a client's first flight off a stream without answering: TLS records (RFC 8446 5.1) until one complete
/// ClientHello handshake message is reassembled, or one SSLv2-framed hello. Bounded in size; the caller's token
/// bounds time. Everything read is kept so the TLS engine can replay it.
/// </summary>
public static class FirstFlightReader
{
    /// <summary>Largest ClientHello accepted (post-quantum key shares and many extensions stay well below).</summary>
    public const int MaxHelloLength = 64 * 1024;

    private const int RecordHeaderLength = 5;
    private const int MaxRecordLength = 16384 + 2048;

    public static async Task<FirstFlight> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[4096];

        // Reads until the buffer holds at least `count` bytes; false when the peer closed first.
        async Task<bool> Fill(int count)
        {
            while (buffer.Length < count)
            {
                int n;
                try { n = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false); }
                catch (IOException) { return false; }
                if (n == 0) return false;
                buffer.Write(chunk, 0, n);
            }
            return true;
        }

        FirstFlight Result(FirstFlightKind kind, string? problem = null) =>
            new() { Kind = kind, Raw = buffer.ToArray(), Problem = problem };

        if (!await Fill(1).ConfigureAwait(false)) return Result(FirstFlightKind.Closed, "closed before sending anything");
        var first = buffer.GetBuffer()[0];

        if ((first & 0x80) != 0)
        {
            // SSLv2 framing: 2-byte header with the high bit set, then msg_type 1 (CLIENT-HELLO).
            if (!await Fill(3).ConfigureAwait(false)) return Result(FirstFlightKind.Closed, "closed inside an SSLv2 header");
            var b = buffer.GetBuffer();
            var length = ((b[0] & 0x7F) << 8) | b[1];
            if (b[2] != 0x01) return Result(FirstFlightKind.NotTls, $"first bytes {b[0]:x2}{b[1]:x2}{b[2]:x2} are neither a TLS record nor an SSLv2 hello");
            if (!await Fill(2 + length).ConfigureAwait(false)) return Result(FirstFlightKind.Closed, "closed inside an SSLv2 hello");
            var raw = buffer.ToArray();
            return new FirstFlight { Kind = FirstFlightKind.Sslv2, Raw = raw, Sslv2Hello = raw.AsMemory(2, length) };
        }
        if (first != 0x16)
            return Result(FirstFlightKind.NotTls, first is >= 0x20 and < 0x7F
                ? $"first byte 0x{first:x2} ('{(char)first}'): plain text, not a TLS record"
                : $"first byte 0x{first:x2} is not a TLS handshake record");

        var handshake = new MemoryStream();
        var offset = 0;
        while (true)
        {
            if (!await Fill(offset + RecordHeaderLength).ConfigureAwait(false))
                return Result(FirstFlightKind.Closed, $"closed after {buffer.Length} bytes, inside the ClientHello");
            var header = buffer.GetBuffer().AsSpan(offset, RecordHeaderLength);
            var type = header[0];
            var length = BinaryPrimitives.ReadUInt16BigEndian(header[3..]);
            if (type != 0x16) return Result(FirstFlightKind.Malformed, $"record type 0x{type:x2} at offset {offset} before the ClientHello was complete");
            if (length == 0 || length > MaxRecordLength) return Result(FirstFlightKind.Malformed, $"record length {length} at offset {offset}");
            if (!await Fill(offset + RecordHeaderLength + length).ConfigureAwait(false))
                return Result(FirstFlightKind.Closed, $"closed after {buffer.Length} bytes, inside a record");
            handshake.Write(buffer.GetBuffer(), offset + RecordHeaderLength, length);
            offset += RecordHeaderLength + length;

            if (handshake.Length >= 4)
            {
                var h = handshake.GetBuffer();
                if (h[0] != 0x01) return Result(FirstFlightKind.Malformed, $"first handshake message has type {h[0]}, not ClientHello (1)");
                var bodyLength = (h[1] << 16) | (h[2] << 8) | h[3];
                if (bodyLength + 4 > MaxHelloLength) return Result(FirstFlightKind.Malformed, $"ClientHello of {bodyLength} bytes exceeds the {MaxHelloLength}-byte limit");
                if (handshake.Length >= bodyLength + 4)
                    return new FirstFlight
                    {
                        Kind = FirstFlightKind.Tls,
                        Raw = buffer.ToArray(),
                        ClientHello = handshake.ToArray().AsMemory(0, bodyLength + 4),
                    };
            }
        }
    }
}
