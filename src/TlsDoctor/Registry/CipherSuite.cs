namespace TlsDoctor.Registry;

/// <summary>
/// One TLS cipher suite (or signalling value) as declared in data/registry/cipher-suites.csv.
/// Names are verbatim: <see cref="IanaName"/> from the IANA registry, <see cref="OpenSslName"/> as
/// `openssl ciphers -V` prints it, <see cref="GnuTlsName"/> as gnutls-cli -l prints it.
/// Kx/Auth/Enc/Mac use OpenSSL's vocabulary (the same words `openssl ciphers -v` prints).
/// </summary>
public sealed record CipherSuite(
    ushort Code,
    string Name,
    string? IanaName,
    string? OpenSslName,
    string? OpenSslNameAlt,
    string? GnuTlsName,
    TlsVersion? MinProtocol,
    string Kx,
    string Auth,
    string Enc,
    int EncBits,
    string Mac,
    bool IsExport,
    Rating? Rating,
    bool IsIanaRecommended)
{
    public string CodeText => Codepoint.Format(Code);

    /// <summary>The IANA "Recommended" column: "Y", "N" or "D" (discouraged, RFC 9847); null for suites IANA does not list.</summary>
    public string? IanaRecommendation { get; init; }

    /// <summary>The name split into ciphersuite.info's tokens; null for signalling values.</summary>
    public CipherSuiteTokens? Tokens { get; init; }

    /// <summary>What ciphersuite.info holds against the suite's tokens, worst first; the reasons behind <see cref="Rating"/>.</summary>
    public IReadOnlyList<Vulnerability> Vulnerabilities { get; init; } = [];

    /// <summary>Signalling values (TLS_EMPTY_RENEGOTIATION_INFO_SCSV, TLS_FALLBACK_SCSV) are not suites a server can choose.</summary>
    public bool IsSignalling => Kx == "SCSV";

    /// <summary>TLS 1.3 suites (RFC 8446 B.4) carry neither key exchange nor authentication.</summary>
    public bool IsTls13 => MinProtocol == TlsVersion.Tls13;

    public bool IsAead => Mac == "AEAD";

    /// <summary>
    /// Forward secrecy as ciphersuite.info defines it: an authenticated ephemeral (EC)DHE key exchange
    /// (DHE/ECDHE in the name, so anonymous DH is not counted), or any TLS 1.3 suite.
    /// </summary>
    public bool IsForwardSecret => Tokens is { } t && RatingRules.IsForwardSecret(t);

    /// <summary>No server authentication at all (anonymous DH/ECDH).</summary>
    public bool IsAnonymous => Auth == "None" && !IsTls13 && !IsSignalling && Kx != "None";

    public bool IsNullEncryption => Enc == "None";

    /// <summary>True for suites whose authentication needs a certificate of this key type.</summary>
    public bool NeedsRsaCertificate => Auth == "RSA" && Kx is "RSA" or "DH" or "ECDH" or "RSAPSK" or "RSA(512)" or "RSA(1024)" or "DH(512)" or "DH(1024)";
    public bool NeedsEcdsaCertificate => Auth == "ECDSA";

    public override string ToString() => Name;
}
