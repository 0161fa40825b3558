namespace TlsDoctor.Wire;

/// <summary>
/// One message taken off the record layer. <see cref="Bytes"/> is the handshake message with its 4-byte header,
/// the alert's two bytes, the record fragment (ChangeCipherSpec, application data) or the whole SSLv2 record.
/// <see cref="Offset"/> is where the message starts in the buffer read (for a reassembled message: in its first record).
/// </summary>
public readonly record struct TlsMessage(TlsMessageKind Kind, ReadOnlyMemory<byte> Bytes, ushort RecordVersion, int Offset)
{
    /// <summary>The handshake type for <see cref="TlsMessageKind.Handshake"/> messages.</summary>
    public HandshakeType HandshakeType => Kind == TlsMessageKind.Handshake && Bytes.Length > 0 ? (HandshakeType)Bytes.Span[0] : default;
    public override string ToString() => Kind == TlsMessageKind.Handshake ? $"Handshake {HandshakeType} ({Bytes.Length} bytes)" : $"{Kind} ({Bytes.Length} bytes)";
}
