namespace TlsDoctor.Wire;

public enum RecordReadStatus
{
    /// <summary>Every byte formed whole records and no handshake message is left half-read.</summary>
    Complete,
    /// <summary>The buffer ends inside a record or inside a handshake message: read more and call again. An empty buffer also needs more bytes.</summary>
    NeedMoreBytes,
    /// <summary>The bytes cannot be TLS records (see the error); more bytes will not help.</summary>
    Error,
}
