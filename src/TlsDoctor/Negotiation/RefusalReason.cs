namespace TlsDoctor.Negotiation;

/// <summary>
/// Why a server refuses a client. JSON and text use the kebab-case codes of <see cref="RefusalReasons.Code"/>
/// ("no-shared-protocol", …); the numeric values are not part of any output.
/// </summary>
public enum RefusalReason
{
    /// <summary>No protocol version both sides enable (server sends protocol_version, RFC 8446 4.2.1 / RFC 5246 E.1).</summary>
    NoSharedProtocol,
    /// <summary>No cipher suite in common at the negotiated version.</summary>
    NoSharedCipher,
    /// <summary>Suites in common exist, but every one needs a certificate key type the server does not hold.</summary>
    NoCipherForCertificate,
    /// <summary>A suite (or TLS 1.3) needs (EC)DHE but the client offers no group the server accepts.</summary>
    NoSharedGroup,
    /// <summary>No signature scheme the client accepts fits the server's certificate.</summary>
    NoSharedSignatureAlgorithm,
    /// <summary>The client speaks SSL 2.0 only, which no policy enables (RFC 6176).</summary>
    ClientOffersSslv2Only,
    /// <summary>The hello itself is faulty (a duplicate extension, a malformed extension body): the server aborts before negotiating.</summary>
    MalformedClientHello,
    /// <summary>The policy's cipher suites are not known (the catalog marks them unknown), so no prediction is possible.</summary>
    PolicyUnknown,
}
