namespace TlsDoctor.Registry;

/// <summary>One TLS ExtensionType value (RFC 8446 section 4.2) from data/registry/extensions.csv.</summary>
public sealed record ExtensionType(ushort Code, string Name, bool IsIanaRegistered)
{
    public string CodeText => Codepoint.Format(Code);
    public override string ToString() => Name;

    public const ushort ServerName = 0;
    public const ushort StatusRequest = 5;
    public const ushort SupportedGroups = 10;
    public const ushort EcPointFormats = 11;
    public const ushort SignatureAlgorithms = 13;
    public const ushort Heartbeat = 15;
    public const ushort ApplicationLayerProtocolNegotiation = 16;
    public const ushort SignedCertificateTimestamp = 18;
    public const ushort Padding = 21;
    public const ushort EncryptThenMac = 22;
    public const ushort ExtendedMasterSecret = 23;
    public const ushort CompressCertificate = 27;
    public const ushort RecordSizeLimit = 28;
    public const ushort SessionTicket = 35;
    public const ushort PreSharedKey = 41;
    public const ushort EarlyData = 42;
    public const ushort SupportedVersions = 43;
    public const ushort Cookie = 44;
    public const ushort PskKeyExchangeModes = 45;
    public const ushort CertificateAuthorities = 47;
    public const ushort PostHandshakeAuth = 49;
    public const ushort SignatureAlgorithmsCert = 50;
    public const ushort KeyShare = 51;
    public const ushort EncryptedClientHello = 0xFE0D;
    public const ushort RenegotiationInfo = 0xFF01;
}
