using System.Text.Json.Serialization;
using TlsDoctor.Registry;

namespace TlsDoctor.Scanning;

/// <summary>
/// The signature schemes one protocol accepts for one certificate type (scan --sigalgs), in the order the server chose them
/// (its preference when it enforces one): TLS 1.2 as seen signing ServerKeyExchange, TLS 1.3 as seen in CertificateVerify.
/// </summary>
public sealed record SignatureAlgorithmsAccepted(
    [property: JsonPropertyOrder(0)] string Protocol,
    [property: JsonPropertyOrder(1)] string Certificate,
    [property: JsonIgnore] IReadOnlyList<ushort> Values)
{
    /// <summary>Registry names ("rsa_pss_rsae_sha256"); unknown code points as "unknown (0x0A0B)".</summary>
    /// <summary>For reading `scan --json` back: <see cref="Schemes"/> restores the values the JSON leaves out.</summary>
    [JsonConstructor]
    public SignatureAlgorithmsAccepted() : this("", "", []) { }

    [JsonPropertyOrder(2)]
    public IReadOnlyList<string> Schemes
    {
        get => Values.Select(SignatureSchemes.Describe).ToList();
        init => Values = (value ?? []).Select(SchemeCode).ToList();
    }

    /// <summary>The code point of a name as <see cref="SignatureSchemes.Describe"/> prints it ("rsa_pss_rsae_sha256", "unknown (0x0A0A)").</summary>
    private static ushort SchemeCode(string? text) => text is null ? (ushort)0 :
        SignatureSchemes.Find(text.Replace("unknown (", "", StringComparison.Ordinal).TrimEnd(')'))?.Code ?? 0;

    /// <summary>Why the list may be incomplete or could not be observed; null when the chain ended with a clean refusal.</summary>
    [JsonPropertyOrder(3)]
    public string? Note { get; init; }
}
