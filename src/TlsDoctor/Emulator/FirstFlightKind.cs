namespace TlsDoctor.Emulator;

public enum FirstFlightKind
{
    /// <summary>A complete ClientHello in TLS records.</summary>
    Tls,
    /// <summary>An SSL 2.0-compatible ClientHello (RFC 5246 appendix E.2).</summary>
    Sslv2,
    /// <summary>The first bytes are not a TLS handshake record (plain HTTP, another protocol).</summary>
    NotTls,
    /// <summary>A TLS record layer that does not carry a well-formed ClientHello within the limits.</summary>
    Malformed,
    /// <summary>The client closed or reset the connection before its hello was complete.</summary>
    Closed,
}
