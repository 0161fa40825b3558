using TlsDoctor.Wire;

namespace TlsDoctor.Emulator;

/// <summary>
/// Reads a client's first flight off a stream without answering, through the Wire <see cref="RecordAssembler"/>: until
/// one complete ClientHello handshake message, or one SSLv2-framed hello. Bounded in size by
/// <see cref="RecordAssembler.MaxHelloLength"/> (the limit the TLS engine is given too); the caller's token bounds time.
/// Everything read is kept so the TLS engine can replay it.
/// </summary>
public static class FirstFlightReader
{
    public static Task<FirstFlight> ReadAsync(Stream stream, CancellationToken cancellationToken) => ReadAsync(stream, ReadOnlyMemory<byte>.Empty, cancellationToken);

    /// <summary>Reads the first flight of a connection whose first bytes <paramref name="alreadyRead"/> were read by someone else.</summary>
    public static async Task<FirstFlight> ReadAsync(Stream stream, ReadOnlyMemory<byte> alreadyRead, CancellationToken cancellationToken)
    {
        var raw = new MemoryStream();
        var assembler = new RecordAssembler(RecordAssembler.MaxHelloLength) { Sslv2MessageType = 1 };
        var messages = new List<TlsMessage>();
        var chunk = new byte[4096];

        FirstFlight Result(FirstFlightKind kind, string? problem = null) => new() { Kind = kind, Raw = raw.ToArray(), Problem = problem };

        while (true)
        {
            byte[] bytes;
            if (!alreadyRead.IsEmpty)
            {
                bytes = alreadyRead.ToArray();
                alreadyRead = ReadOnlyMemory<byte>.Empty;
            }
            else
            {
                int n;
                try { n = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false); }
                catch (IOException) { n = 0; }
                if (n == 0)
                    return Result(FirstFlightKind.Closed, raw.Length == 0 ? "closed before sending anything" : $"closed after {raw.Length} bytes, inside the ClientHello");
                bytes = chunk.AsSpan(0, n).ToArray();
            }
            raw.Write(bytes);
            assembler.Push(bytes, messages);

            if (messages.Count > 0)
            {
                var first = messages[0];
                if (first.Kind == TlsMessageKind.Sslv2) return new FirstFlight { Kind = FirstFlightKind.Sslv2, Raw = raw.ToArray(), Sslv2Hello = first.Bytes[2..] };
                if (first.Kind == TlsMessageKind.Handshake && first.HandshakeType == HandshakeType.ClientHello)
                    return new FirstFlight { Kind = FirstFlightKind.Tls, Raw = raw.ToArray(), ClientHello = first.Bytes };
                if (first.Kind == TlsMessageKind.Handshake)
                    return Result(FirstFlightKind.Malformed, $"first handshake message has type {first.Bytes.Span[0]}, not ClientHello (1)");
                // A client's first record that is not a handshake: not a TLS client speaking first.
                return first.Offset == TlsRecord.HeaderLength
                    ? Result(FirstFlightKind.NotTls, $"first byte 0x{raw.GetBuffer()[0]:x2} is not a TLS handshake record")
                    : Result(FirstFlightKind.Malformed, $"{first.Kind} record at offset {first.Offset - TlsRecord.HeaderLength} before the ClientHello was complete");
            }
            switch (assembler.Status)
            {
                case RecordAssemblerStatus.NotTls:
                    var b = raw.GetBuffer()[0];
                    return Result(FirstFlightKind.NotTls, b is >= 0x20 and < 0x7F
                        ? $"first byte 0x{b:x2} ('{(char)b}'): plain text, not a TLS record"
                        : assembler.Error!.ToString());
                case RecordAssemblerStatus.Malformed or RecordAssemblerStatus.TooLarge:
                    return Result(FirstFlightKind.Malformed, assembler.Error!.ToString());
            }
        }
    }
}
