namespace TlsDoctor.Wire;

/// <summary>Why a message could not be framed.</summary>
public enum DecodeErrorKind
{
    /// <summary>The bytes end before a field or a declared length does.</summary>
    Truncated,
    /// <summary>A length field is impossible (longer than its container, not a multiple of the element size, below a minimum).</summary>
    InvalidLength,
    /// <summary>A field holds a value the framing cannot accept (wrong content type, wrong handshake type, bad curve type).</summary>
    InvalidValue,
    /// <summary>Bytes remain after the message's last field where the framing allows none.</summary>
    TrailingBytes,
    /// <summary>A size cap was exceeded (e.g. a handshake message larger than the reassembly limit).</summary>
    TooLarge,
}
