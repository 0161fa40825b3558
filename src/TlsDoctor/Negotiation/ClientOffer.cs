using TlsDoctor.Registry;

namespace TlsDoctor.Negotiation;

/// <summary>
/// What a client offers in its ClientHello: one of the two sides every question meets.
/// Built from a client profile (data), a decoded ClientHello, a capture, or command-line flags.
/// Lists keep the client's order and may hold GREASE and unknown values (they are data).
/// </summary>
public sealed record ClientOffer
{
    /// <summary>A label for output: the profile name, "ClientHello (hex)", "inline", … .</summary>
    public required string Name { get; init; }

    /// <summary>Every protocol version the client is willing to use (legacy_version range and/or supported_versions).</summary>
    public required IReadOnlyList<TlsVersion> Versions { get; init; }

    /// <summary>cipher_suites in the client's order (TLS 1.3 suites, SCSVs and GREASE included).</summary>
    public required IReadOnlyList<ushort> CipherSuites { get; init; }

    /// <summary>supported_groups in the client's order; empty when the client sends no such extension.</summary>
    public IReadOnlyList<ushort> Groups { get; init; } = [];

    /// <summary>Groups for which the hello carries a key_share entry (TLS 1.3); a server may ask for another via HelloRetryRequest.</summary>
    public IReadOnlyList<ushort> KeyShares { get; init; } = [];

    /// <summary>signature_algorithms in the client's order; empty when absent (TLS 1.2 then implies SHA-1 pairs, RFC 5246 7.4.1.4.1).</summary>
    public IReadOnlyList<ushort> SignatureAlgorithms { get; init; } = [];

    /// <summary>ec_point_formats; empty when absent.</summary>
    public IReadOnlyList<byte> EcPointFormats { get; init; } = [];

    public string? ServerName { get; init; }

    /// <summary>Faults of the hello this offer was read from that make a server abort first (empty for profiles and flags).</summary>
    public IReadOnlyList<HelloDefect> Defects { get; init; } = [];
    public IReadOnlyList<string> Alpn { get; init; } = [];

    public TlsVersion MaxVersion => Versions.Where(v => v.IsKnown).DefaultIfEmpty(TlsVersion.SSLv2).Max();
    public TlsVersion MinVersion => Versions.Where(v => v.IsKnown).DefaultIfEmpty(TlsVersion.SSLv2).Min();
}
