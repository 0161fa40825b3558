namespace TlsDoctor.Cli.Json;

/// <summary>
/// `tlsdoctor hello decode --json`: one object per decoded hello. Lists keep wire order; code points are
/// {"code":"0x001D","name":"x25519"}. Fields that do not apply to the message type are omitted (null).
/// Documented in docs/codec.md.
/// </summary>
public sealed record HelloJson
{
    /// <summary>"ClientHello", "ServerHello", "HelloRetryRequest", "SSLv2ClientHello" or "SSLv2ServerHello".</summary>
    public required string Type { get; init; }
    /// <summary>"record", "handshake" or "sslv2-record".</summary>
    public required string Framing { get; init; }
    public CodeName? RecordVersion { get; init; }
    public required CodeName LegacyVersion { get; init; }
    public string? Random { get; init; }
    public string? SessionId { get; init; }
    /// <summary>ClientHello: cipher_suites in order. SSLv2: the TLS suites among the cipher specs.</summary>
    public IReadOnlyList<CodeName>? CipherSuites { get; init; }
    /// <summary>ServerHello: the chosen suite.</summary>
    public CodeName? CipherSuite { get; init; }
    public IReadOnlyList<int>? CompressionMethods { get; init; }
    public IReadOnlyList<ExtensionJson>? Extensions { get; init; }
    public string? ServerName { get; init; }
    public IReadOnlyList<CodeName>? SupportedVersions { get; init; }
    public IReadOnlyList<CodeName>? SupportedGroups { get; init; }
    public IReadOnlyList<CodeName>? SignatureAlgorithms { get; init; }
    public IReadOnlyList<CodeName>? SignatureAlgorithmsCert { get; init; }
    public IReadOnlyList<int>? EcPointFormats { get; init; }
    public IReadOnlyList<string>? Alpn { get; init; }
    public IReadOnlyList<KeyShareJson>? KeyShares { get; init; }
    public IReadOnlyList<int>? PskKeyExchangeModes { get; init; }
    /// <summary>ClientHello: the versions the hello offers (docs/codec.md gives the rule); ServerHello: absent.</summary>
    public IReadOnlyList<string>? OfferedVersions { get; init; }
    /// <summary>ServerHello: supported_versions when present, else legacy_version.</summary>
    public CodeName? SelectedVersion { get; init; }
    /// <summary>ServerHello: the key share's group; HelloRetryRequest: selected_group.</summary>
    public CodeName? SelectedGroup { get; init; }
    /// <summary>ServerHello: "none", "tls12" or "tls11OrBelow" (RFC 8446 4.1.3).</summary>
    public string? DowngradeSentinel { get; init; }
    /// <summary>SSLv2 hellos: every three-byte cipher spec.</summary>
    public IReadOnlyList<CodeName>? CipherSpecs { get; init; }
    public IReadOnlyList<AnomalyJson> Anomalies { get; init; } = [];

    public sealed record ExtensionJson(string Code, string Name, int Length, string Data);
    public sealed record KeyShareJson(string Code, string Name, int Length);
    public sealed record AnomalyJson(string Kind, string Description, int Offset);
}
