namespace TlsDoctor.Wire;

/// <summary>
/// Decodes a ClientHello or ServerHello from bytes of unknown framing: TLS records (a hello split over several
/// records is reassembled), a bare handshake message, or an SSL 2.0 record. Error offsets count from the first input byte.
/// </summary>
public static class HelloDecoder
{
    private const string Name = "hello";

    public static DecodeResult<DecodedHello> Decode(ReadOnlyMemory<byte> input)
    {
        var span = input.Span;
        if (span.Length == 0) return DecodeError.Truncated(Name, "first byte", 0);
        var first = span[0];
        if ((first & 0x80) != 0)
        {
            if (span.Length < 3) return DecodeError.Truncated("SSLv2 record", "msg_type", span.Length);
            return span[2] switch
            {
                1 => Sslv2ClientHello.Decode(input) is { IsSuccess: true } c
                    ? new DecodedHello { Framing = HelloFraming.Sslv2Record, Sslv2ClientHello = c.Value }
                    : Sslv2ClientHello.Decode(input).Error!,
                4 => Sslv2ServerHello.Decode(input) is { IsSuccess: true } s
                    ? new DecodedHello { Framing = HelloFraming.Sslv2Record, Sslv2ServerHello = s.Value }
                    : Sslv2ServerHello.Decode(input).Error!,
                _ => DecodeError.InvalidValue("SSLv2 record", "msg_type", 2, $"{span[2]} is neither CLIENT-HELLO (1) nor SERVER-HELLO (4)"),
            };
        }
        // "16" or "1603": a record header cut short, not a handshake message of type 0x16.
        if (first == (byte)ContentType.Handshake && span.Length < 3 && (span.Length < 2 || span[1] == 3))
            return DecodeError.Truncated("record", "header", span.Length);
        if (first == (byte)ContentType.Handshake && span.Length >= 3 && span[1] == 3)
        {
            var read = RecordLayerReader.Read(input);
            if (read.Status == RecordReadStatus.Error) return read.Error!;
            if (read.Messages.Count == 0 || read.Messages[0].Kind != TlsMessageKind.Handshake)
            {
                if (span.Length < TlsRecord.HeaderLength) return DecodeError.Truncated("record", "header", span.Length);
                // A hello cut short inside its record: decoding what is there names the field where the bytes end.
                if (span.Length > TlsRecord.HeaderLength + HandshakeHeader.Length &&
                    DecodeMessage(input[TlsRecord.HeaderLength..], TlsRecord.HeaderLength, HelloFraming.Record, null) is { IsSuccess: false } partial)
                    return partial.Error!.Kind == DecodeErrorKind.Truncated && partial.Error.Field == "handshake body"
                        ? PartialBody(input[TlsRecord.HeaderLength..])
                        : partial.Error;
                var declared = span[3] << 8 | span[4];
                return DecodeError.Truncated("record", "fragment", TlsRecord.HeaderLength + Math.Max(0, Math.Min(declared, span.Length - TlsRecord.HeaderLength)));
            }
            var message = read.Messages[0];
            var version = (ushort)(span[1] << 8 | span[2]);
            return DecodeMessage(message.Bytes, message.Offset, HelloFraming.Record, version);
        }
        return DecodeMessage(input, 0, HelloFraming.Handshake, null);
    }

    /// <summary>
    /// A ClientHello in any framing <see cref="Decode"/> reads, or a bare ClientHello body (legacy_version first, as a
    /// dissector shows it), which gets its handshake header here. A body starts with {3, x}: no record (0x16) and no
    /// handshake message (0x01, 0x02) does. The result may still be another hello (a ServerHello, SSLv2): the caller says no.
    /// </summary>
    public static DecodeResult<DecodedHello> DecodeClientHello(ReadOnlyMemory<byte> input)
    {
        if (input.Length == 0 || input.Span[0] != 3) return Decode(input);
        if (input.Length >= 1 << 24) return DecodeError.InvalidValue("ClientHello", "body", 0, "longer than a handshake message can be (2^24 - 1 bytes)");
        var w = new TlsWriter(input.Length + HandshakeHeader.Length);
        w.WriteUInt8((byte)HandshakeType.ClientHello);
        w.WriteVector24(input.Span);
        // The header is not in the input: offsets in errors count from the input's first byte, the body's.
        var decoded = DecodeMessage(w.ToArray(), -HandshakeHeader.Length, HelloFraming.Handshake, null);
        return decoded.IsSuccess ? decoded.Value with { MessageOffset = 0 } : decoded;
    }

    /// <summary>Decodes a handshake message whose body is shorter than its header says, to find the field where it ends.</summary>
    private static DecodeError PartialBody(ReadOnlyMemory<byte> message)
    {
        var fixedUp = message.ToArray();
        var bodyLength = fixedUp.Length - HandshakeHeader.Length;
        fixedUp[1] = (byte)(bodyLength >> 16); fixedUp[2] = (byte)(bodyLength >> 8); fixedUp[3] = (byte)bodyLength;
        var again = DecodeMessage(fixedUp, TlsRecord.HeaderLength, HelloFraming.Record, null);
        return again.IsSuccess
            ? DecodeError.Truncated(again.Value.Type, "handshake body", TlsRecord.HeaderLength + fixedUp.Length)
            : again.Error!;
    }

    private static DecodeResult<DecodedHello> DecodeMessage(ReadOnlyMemory<byte> message, int offset, HelloFraming framing, ushort? recordVersion)
    {
        switch ((HandshakeType)message.Span[0])
        {
            case HandshakeType.ClientHello:
                var c = ClientHello.Decode(message, offset);
                if (!c.IsSuccess) return c.Error;
                return new DecodedHello { Framing = framing, RecordVersion = recordVersion, MessageOffset = offset, ClientHello = c.Value };
            case HandshakeType.ServerHello:
                var s = ServerHello.Decode(message, offset);
                if (!s.IsSuccess) return s.Error;
                return new DecodedHello { Framing = framing, RecordVersion = recordVersion, MessageOffset = offset, ServerHello = s.Value };
            default:
                return DecodeError.InvalidValue(Name, framing == HelloFraming.Record ? "handshake type" : "first byte", offset,
                    $"0x{message.Span[0]:X2} starts neither a ClientHello (0x01), a ServerHello (0x02), a handshake record (0x16) nor an SSLv2 record");
        }
    }
}
