namespace TlsDoctor.Wire;

/// <summary>Where a <see cref="RecordAssembler"/> stands; every value but Reading is final.</summary>
public enum RecordAssemblerStatus
{
    /// <summary>Whole records so far; more bytes may complete more messages.</summary>
    Reading,
    /// <summary>The stream began with an SSL 2.0 record, handed out whole as a <see cref="TlsMessageKind.Sslv2"/> message; the rest is not TLS.</summary>
    Sslv2,
    /// <summary>The very first bytes are not a TLS record header (plain HTTP, another protocol, random bytes).</summary>
    NotTls,
    /// <summary>TLS records that break the framing rules (bad header later in the stream, empty handshake record, interleaving, odd alert).</summary>
    Malformed,
    /// <summary>A record or a handshake message longer than the limit.</summary>
    TooLarge,
}
