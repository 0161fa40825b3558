namespace TlsDoctor.Capture;

/// <summary>
/// What <see cref="HelloStreamReader"/> found in a byte stream: a complete ClientHello handshake message
/// (type, 24-bit length and body, reassembled across records and segments), or why the stream is not one.
/// </summary>
public abstract record HelloStreamEvent
{
    /// <summary>A whole ClientHello handshake message (RFC 8446 section 4: msg_type 1, uint24 length, body).</summary>
    public sealed record Hello(byte[] HandshakeMessage) : HelloStreamEvent;

    /// <summary>The stream cannot carry a ClientHello; <paramref name="Reason"/> says which field at which offset.</summary>
    public sealed record Malformed(string Reason, byte[] FirstBytes) : HelloStreamEvent;
}
