namespace TlsDoctor.Wire;

/// <summary>
/// RFC 8446 section 4.1.3: a TLS 1.3 server negotiating an older version sets the last eight bytes of
/// ServerHello.random to "DOWNGRD" followed by 0x01 (TLS 1.2) or 0x00 (TLS 1.1 and below).
/// </summary>
public enum DowngradeSentinel
{
    None,
    Tls12,
    Tls11OrBelow,
}
