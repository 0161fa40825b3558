using TlsDoctor.Negotiation;

namespace TlsDoctor.Clients;

/// <summary>
/// A known client (browser, runtime, library, tool) as data: its ClientHello facts as a <see cref="ClientOffer"/>
/// plus what the hello alone does not say. The offer's <see cref="ClientOffer.ServerName"/> is null; whether
/// the client sends SNI is <see cref="SendsSni"/> (the host name depends on the target).
/// </summary>
public sealed record ClientProfile
{
    /// <summary>Stable identifier, lower case with dashes ("chromium-137-win11", "java-7u25", "curl").</summary>
    public required string Id { get; init; }

    /// <summary>Display name ("Chromium 137 (Win 11)").</summary>
    public required string Name { get; init; }

    /// <summary>"chrome", "firefox", "safari", "edge", "internet-explorer", "android", "java", "openssl", "curl", "python", "dotnet", … .</summary>
    public required string Family { get; init; }

    public required ClientStatus Status { get; init; }

    /// <summary>The ClientHello facts: versions, suites in order, groups, key shares, signature schemes, point formats, ALPN.</summary>
    public required ClientOffer Offer { get; init; }

    public bool SendsSni { get; init; }

    /// <summary>The real client sends GREASE values (RFC 8701); the profile's lists leave them out.</summary>
    public bool UsesGrease { get; init; }

    /// <summary>The client sends an SSLv2-compatible ClientHello (its SSLv2-only cipher kinds are not listed).</summary>
    public bool SendsSslv2Hello { get; init; }

    public string? Notes { get; init; }

    /// <summary>Where the facts come from.</summary>
    public required string Source { get; init; }

    /// <summary>File name of the captured ClientHello (hex) for profiles TlsDoctor captured itself; null otherwise.</summary>
    public string? CaptureFile { get; init; }

    /// <summary>JA3 hash of the captured hello (profiles TlsDoctor captured itself); null otherwise.</summary>
    public string? Ja3 { get; init; }

    /// <summary>JA4 fingerprint of the captured hello over TCP (profiles TlsDoctor captured itself); null otherwise.</summary>
    public string? Ja4 { get; init; }
}
