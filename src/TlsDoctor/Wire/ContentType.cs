namespace TlsDoctor.Wire;

/// <summary>TLS record content types (RFC 8446 section 5.1 ContentType; heartbeat from RFC 6520).</summary>
public enum ContentType : byte
{
    ChangeCipherSpec = 20,
    Alert = 21,
    Handshake = 22,
    ApplicationData = 23,
    Heartbeat = 24,
}
