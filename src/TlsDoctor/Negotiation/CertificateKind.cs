namespace TlsDoctor.Negotiation;

/// <summary>The key type of a server certificate, which decides the usable TLS ≤ 1.2 suites and the signature schemes.</summary>
public enum CertificateKind
{
    Rsa,
    Ecdsa,
}
