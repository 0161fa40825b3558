using TlsDoctor.Registry;

namespace TlsDoctor.Scanning;

/// <summary>
/// The server's TLS 1.3 flight read through its encryption: what the ServerHello chose, the certificate chain of the
/// (encrypted) Certificate message and the scheme of the CertificateVerify that signs the handshake; or the failure.
/// </summary>
public sealed record Tls13Flight
{
    public ushort CipherSuite { get; init; }
    public ushort? Group { get; init; }

    /// <summary>DER certificates of the Certificate message, the server's own first (RFC 8446 section 4.4.2).</summary>
    public IReadOnlyList<byte[]> Certificates { get; init; } = [];

    /// <summary>CertificateVerify.algorithm (RFC 8446 section 4.4.3): the scheme the server signed the handshake with.</summary>
    public ushort? SignatureScheme { get; init; }

    public ProbeFailure? Failure { get; init; }

    public bool IsComplete => Failure is null && SignatureScheme is not null;

    public static Tls13Flight Of(ProbeFailure failure) => new() { Failure = failure };

    /// <summary>The answer of a prober that cannot read encrypted flights (a simulated server, for instance).</summary>
    public static Tls13Flight NotAvailable { get; } = Of(new ProbeFailure.DecodeError(0, "this prober does not read TLS 1.3 encrypted flights"));

    public override string ToString() => Failure?.Message
        ?? $"{CipherSuites.Describe(CipherSuite)} {(Group is { } g ? Groups.Describe(g) : "")}, {Certificates.Count} certificates, CertificateVerify {(SignatureScheme is { } s ? SignatureSchemes.Describe(s) : "none")}";
}
