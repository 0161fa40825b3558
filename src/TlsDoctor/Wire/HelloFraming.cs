namespace TlsDoctor.Wire;

/// <summary>How the bytes given to <see cref="HelloDecoder"/> were framed.</summary>
public enum HelloFraming
{
    /// <summary>One or more TLS records (5-byte headers) carrying the handshake message.</summary>
    Record,
    /// <summary>A bare handshake message (type, uint24 length, body).</summary>
    Handshake,
    /// <summary>An SSL 2.0 record (2-byte header).</summary>
    Sslv2Record,
}
