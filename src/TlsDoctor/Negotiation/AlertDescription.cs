namespace TlsDoctor.Negotiation;

/// <summary>The TLS alert descriptions a refusing server sends (RFC 8446 section 6 / RFC 5246 section 7.2).</summary>
public static class AlertDescription
{
    public const byte HandshakeFailure = 40;
    public const byte IllegalParameter = 47;
    public const byte ProtocolVersion = 70;
    public const byte InsufficientSecurity = 71;
    public const byte MissingExtension = 109;

    public static string Name(byte alert) => alert switch
    {
        HandshakeFailure => "handshake_failure",
        IllegalParameter => "illegal_parameter",
        ProtocolVersion => "protocol_version",
        InsufficientSecurity => "insufficient_security",
        MissingExtension => "missing_extension",
        _ => $"alert {alert}",
    };
}
