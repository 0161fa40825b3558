using TlsDoctor.Registry;

namespace TlsDoctor.Scanning;

/// <summary>
/// What a server chose in answer to one probe (ServerHello or HelloRetryRequest, and for TLS ≤ 1.2 the
/// rest of its first flight). Observation only: interpretation happens in the enumerators and findings.
/// </summary>
public sealed record ServerAnswer
{
    public required TlsVersion Version { get; init; }
    public required ushort CipherSuite { get; init; }

    /// <summary>TLS 1.3: the key_share (or HelloRetryRequest) group; TLS ≤ 1.2: the ServerKeyExchange named curve.</summary>
    public ushort? Group { get; init; }

    public bool IsHelloRetryRequest { get; init; }

    /// <summary>The compression method chosen (0 = null, 1 = DEFLATE).</summary>
    public byte Compression { get; init; }

    public bool SecureRenegotiation { get; init; }
    public bool SessionTicket { get; init; }
    public bool ExtendedMasterSecret { get; init; }
    public bool Heartbeat { get; init; }

    /// <summary>status_request acknowledged in the ServerHello or a CertificateStatus message in the flight.</summary>
    public bool OcspStapled { get; init; }

    public string? Alpn { get; init; }

    /// <summary>DER certificates of the Certificate message (TLS ≤ 1.2, where it travels in clear).</summary>
    public IReadOnlyList<byte[]> Certificates { get; init; } = [];

    /// <summary>The flight reached the read limit (<see cref="Connector.MaxFlightBytes"/>) before its Certificate message ended: certificates unknown.</summary>
    public bool CertificateCut { get; init; }

    /// <summary>The prime size of an ephemeral finite-field DH key exchange (ServerKeyExchange dh_p).</summary>
    public int? DhPrimeBits { get; init; }

    /// <summary>The TLS 1.2 ServerKeyExchange signature scheme.</summary>
    public ushort? SignatureScheme { get; init; }
}
