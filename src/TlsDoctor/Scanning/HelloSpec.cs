using TlsDoctor.Registry;

namespace TlsDoctor.Scanning;

/// <summary>
/// What one probe offers: the inputs from which a raw ClientHello is built. TLS 1.3 probes offer
/// exactly TLS 1.3 in supported_versions; lower versions use legacy_version only.
/// </summary>
public sealed record HelloSpec
{
    public required TlsVersion Version { get; init; }

    /// <summary>supported_versions to send when <see cref="Version"/> is TLS 1.3 (default: TLS 1.3 only).</summary>
    public IReadOnlyList<TlsVersion>? SupportedVersions { get; init; }

    /// <summary>cipher_suites in offer order (signalling values are added by the prober, not here).</summary>
    public required IReadOnlyList<ushort> CipherSuites { get; init; }

    /// <summary>supported_groups in offer order; empty: no extension.</summary>
    public IReadOnlyList<ushort> Groups { get; init; } = [];

    /// <summary>TLS 1.3 key_share entries to send; a server choosing another group answers with a HelloRetryRequest.</summary>
    public IReadOnlyList<ushort> KeyShareGroups { get; init; } = [];

    /// <summary>signature_algorithms (TLS 1.2 and 1.3 only); empty: no extension.</summary>
    public IReadOnlyList<ushort> SignatureAlgorithms { get; init; } = [];

    /// <summary>signature_algorithms_cert (RFC 8446 section 4.2.3); null: no extension (signature_algorithms then covers certificates too).</summary>
    public IReadOnlyList<ushort>? SignatureAlgorithmsCert { get; init; }

    public string? ServerName { get; init; }

    /// <summary>ALPN protocols to offer; empty: no extension.</summary>
    public IReadOnlyList<string> Alpn { get; init; } = [];

    /// <summary>Adds TLS_FALLBACK_SCSV (RFC 7507) to the suites.</summary>
    public bool FallbackScsv { get; init; }

    /// <summary>Asks for the optional features observed in a ServerHello: renegotiation_info, session_ticket,
    /// status_request, heartbeat, extended_master_secret and DEFLATE compression.</summary>
    public bool RequestFeatures { get; init; } = true;

    public HelloSpec WithSuites(IReadOnlyList<ushort> suites) => this with { CipherSuites = suites };
}
