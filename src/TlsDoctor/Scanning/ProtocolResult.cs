using System.Text.Json.Serialization;
using TlsDoctor.Registry;

namespace TlsDoctor.Scanning;

/// <summary>
/// One protocol version: whether the endpoint accepts it, every accepted suite (in the server's order
/// when it enforces one, else in the order found), and why it is not supported when it is not.
/// </summary>
public sealed record ProtocolResult(
    [property: JsonIgnore] TlsVersion Version,
    [property: JsonPropertyOrder(1)] bool Supported,
    [property: JsonPropertyOrder(2), JsonIgnore(Condition = JsonIgnoreCondition.Never)] bool? ServerOrder,
    [property: JsonPropertyOrder(3)] IReadOnlyList<CipherResult> Ciphers)
{
    /// <summary>For reading `scan --json` back: <see cref="Name"/> restores the version the JSON leaves out.</summary>
    [JsonConstructor]
    public ProtocolResult() : this(default, false, null, []) { }

    /// <summary>"SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3".</summary>
    /// <remarks>Read back (report --scan): the name restores <see cref="Version"/>, which the JSON leaves out.</remarks>
    [JsonPropertyOrder(0)]
    public string Name { get => Version.Name; init { if (TlsVersion.TryParse(value, out var v)) Version = v.Value; } }

    /// <summary>What the server did when offered this version, when not supported (e.g. "alert protocol_version(70), fatal").</summary>
    [JsonPropertyOrder(4)]
    public string? Refusal { get; init; }

    /// <summary>
    /// False when a probe of this version could not complete (network failure): support is unknown, or the list of suites
    /// is a part only (the enumeration was cut short); <see cref="Incomplete"/> says why.
    /// </summary>
    [JsonPropertyOrder(5)]
    public bool Determined => Incomplete is null;

    /// <summary>
    /// The server enforces its order (<see cref="ServerOrder"/> true) but gives ChaCha20-Poly1305 to clients that list it
    /// first (OpenSSL's SSL_OP_PRIORITIZE_CHACHA, on in haproxy). Written only when true.
    /// </summary>
    [JsonPropertyOrder(2), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ChaChaPriority { get; init; }

    /// <summary>Why this protocol's result is incomplete (null when it is complete), e.g. "stopped after 3 suites: timeout …".</summary>
    [JsonPropertyOrder(6), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Incomplete { get; init; }
}
