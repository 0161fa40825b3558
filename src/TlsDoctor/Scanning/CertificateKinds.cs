using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Scanning;

/// <summary>
/// The certificate types a scan tells apart (RSA, ECDSA) and how the registries and results name them: suites by their
/// authentication, signature schemes by their key type ("rsa", "ecdsa"), certificates by their key ("RSA", "EC"), and
/// results by the label "RSA" / "ECDSA".
/// </summary>
public static class CertificateKinds
{
    /// <summary>RSA first: the order of the TLS 1.3 per-type certificate hellos.</summary>
    public static IReadOnlyList<CertificateKind> All { get; } = [CertificateKind.Rsa, CertificateKind.Ecdsa];

    /// <summary>The certificate type a TLS ≤ 1.2 suite needs; null for none or another (PSK, anonymous, DSS).</summary>
    public static CertificateKind? OfSuite(ushort code) => CipherSuites.Find(code) switch
    {
        { NeedsEcdsaCertificate: true } => CertificateKind.Ecdsa,
        { Auth: "RSA" } => CertificateKind.Rsa,
        _ => null,
    };

    /// <summary>The type of the certificate that signs with <paramref name="scheme"/>; null for other keys (EdDSA, DSA) and unknown schemes.</summary>
    public static CertificateKind? OfScheme(ushort? scheme) =>
        scheme is { } s && SignatureSchemes.Find(s) is { } found ? OfKeyType(found.KeyType) : null;

    /// <summary>A signature scheme's key type in the registry ("rsa", "ecdsa"); null for the others.</summary>
    public static CertificateKind? OfKeyType(string keyType) => keyType switch
    {
        "rsa" => CertificateKind.Rsa,
        "ecdsa" => CertificateKind.Ecdsa,
        _ => null,
    };

    /// <summary>A certificate's key as <see cref="CertificateInfo.KeyType"/> names it ("RSA", "EC"); null for the others.</summary>
    public static CertificateKind? OfCertificateKey(string keyType) => keyType switch
    {
        "RSA" => CertificateKind.Rsa,
        "EC" => CertificateKind.Ecdsa,
        _ => null,
    };

    /// <summary>The registry's key type of the schemes this certificate signs with: "rsa" or "ecdsa".</summary>
    public static string KeyType(CertificateKind kind) => kind == CertificateKind.Rsa ? "rsa" : "ecdsa";

    /// <summary>How results name the type: "RSA" or "ECDSA".</summary>
    public static string Label(CertificateKind kind) => kind == CertificateKind.Rsa ? "RSA" : "ECDSA";
}
