namespace TlsDoctor.Scanning;

/// <summary>
/// Optional protocol features as observed; null means not determined (for example when the only
/// supported protocol is TLS 1.3, where some of them do not exist or are encrypted).
/// </summary>
public sealed record FeatureResult
{
    /// <summary>renegotiation_info in the ServerHello (RFC 5746).</summary>
    public bool? SecureRenegotiation { get; init; }

    /// <summary>The server chose DEFLATE when offered (CRIME).</summary>
    public bool? Compression { get; init; }

    /// <summary>The server refused a downgraded hello carrying TLS_FALLBACK_SCSV with inappropriate_fallback (RFC 7507).</summary>
    public bool? FallbackScsv { get; init; }

    /// <summary>session_ticket acknowledged in a TLS ≤ 1.2 ServerHello (RFC 5077).</summary>
    public bool? SessionTickets { get; init; }

    public bool? ExtendedMasterSecret { get; init; }

    /// <summary>ALPN protocols the server selected when offered each of h2 and http/1.1.</summary>
    public IReadOnlyList<string> Alpn { get; init; } = [];

    /// <summary>OCSP stapling: status_request acknowledged (RFC 6066 section 8).</summary>
    public bool? OcspStapling { get; init; }

    /// <summary>heartbeat extension acknowledged (RFC 6520).</summary>
    public bool? Heartbeat { get; init; }

    /// <summary>Finite-field DH prime sizes seen in ServerKeyExchange.</summary>
    public IReadOnlyList<int> DhPrimeBits { get; init; } = [];
}
