namespace TlsDoctor.Wire;

/// <summary>How <see cref="ClientHelloBuilder"/> adds the padding extension (RFC 7685).</summary>
public enum PaddingMode
{
    /// <summary>No padding extension.</summary>
    None,
    /// <summary>
    /// Pad a hello whose handshake message is 256–511 bytes long up to 512 bytes: some middleboxes
    /// (F5 BIG-IP, documented in RFC 7685 section 1 and its references) hang on hellos of that size.
    /// </summary>
    Avoid256To511,
    /// <summary>Pad the handshake message to exactly <see cref="ClientHelloBuilder.PaddingTarget"/> bytes (when it is shorter).</summary>
    ToLength,
}
