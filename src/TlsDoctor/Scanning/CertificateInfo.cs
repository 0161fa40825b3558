namespace TlsDoctor.Scanning;

/// <summary>One certificate chain the endpoint presents, described from its leaf, with checks against the name and the system store.</summary>
public sealed record CertificateInfo
{
    /// <summary>"RSA" or "ECDSA" (which suites or signature schemes made the server present it), "any" for a default handshake, "SSLv2" when only an SSL 2.0 SERVER-HELLO carried it.</summary>
    public required string PresentedFor { get; init; }
    public required string Subject { get; init; }
    public required IReadOnlyList<string> SubjectAltNames { get; init; }
    public required string Issuer { get; init; }
    /// <summary>"RSA", "EC", "Ed25519", … .</summary>
    public required string KeyType { get; init; }
    public required int KeyBits { get; init; }
    public string? Curve { get; init; }
    /// <summary>The leaf's signature algorithm, e.g. "sha256RSA".</summary>
    public required string SignatureAlgorithm { get; init; }
    public required DateTimeOffset NotBefore { get; init; }
    public required DateTimeOffset NotAfter { get; init; }
    public required string SerialNumber { get; init; }
    public required string Sha256Fingerprint { get; init; }
    /// <summary>The SNI (or host) matches the subject alternative names (RFC 6125); null when no name was available.</summary>
    public bool? HostnameMatches { get; init; }
    /// <summary>Certificates in the chain, leaf first, as sent.</summary>
    public required int ChainLength { get; init; }
    /// <summary>Each certificate is issued by the next one (RFC 8446 section 4.4.2 asks for that order in TLS ≤ 1.2).</summary>
    public required bool ChainInOrder { get; init; }
    /// <summary>The chain builds to a root in the system store.</summary>
    public required bool Trusted { get; init; }
    /// <summary>Why it does not verify, when it does not (X509ChainStatus texts).</summary>
    public IReadOnlyList<string> TrustProblems { get; init; } = [];
    public bool Expired { get; init; }
    public bool SelfSigned { get; init; }
}
