using TlsDoctor.Registry;

namespace TlsDoctor.Negotiation;

/// <summary>What a server enforcing a policy does with a client's hello: a closed set of two records.</summary>
public abstract record NegotiationOutcome
{
    private NegotiationOutcome() { }

    public bool IsAgreed => this is Agreed;

    /// <summary>The handshake completes with these parameters.</summary>
    /// <param name="Version">The negotiated protocol version.</param>
    /// <param name="Suite">The cipher suite the server selects.</param>
    /// <param name="Group">The (EC)DHE group, or null for RSA key transport and finite-field DHE in TLS ≤ 1.2.</param>
    /// <param name="SignatureScheme">The scheme the server signs with; null where no handshake signature is made (RSA key transport, TLS ≤ 1.1).</param>
    /// <param name="Certificate">The certificate the server presents.</param>
    /// <param name="ViaRetry">True when the server first had to send a HelloRetryRequest (TLS 1.3: no usable key_share).</param>
    public sealed record Agreed(
        TlsVersion Version,
        ushort Suite,
        ushort? Group,
        ushort? SignatureScheme,
        CertificateKind Certificate,
        bool ViaRetry) : NegotiationOutcome;

    /// <summary>The server aborts the handshake.</summary>
    /// <param name="Reason">The reason code.</param>
    /// <param name="ExpectedAlert">The alert description a real server sends (RFC 8446 section 6).</param>
    /// <param name="Explanation">One sentence built from the two sides' data.</param>
    public sealed record Refused(RefusalReason Reason, byte ExpectedAlert, string Explanation) : NegotiationOutcome;
}
