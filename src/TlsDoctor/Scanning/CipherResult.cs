using System.Text.Json.Serialization;
using TlsDoctor.Registry;

namespace TlsDoctor.Scanning;

/// <summary>One accepted cipher suite as reported: code point, names, strength and rating.</summary>
public sealed record CipherResult(
    [property: JsonIgnore] ushort Value,
    [property: JsonPropertyOrder(1)] string? Iana,
    [property: JsonPropertyOrder(2), JsonPropertyName("openssl")] string? OpenSsl,
    [property: JsonPropertyOrder(3)] int Bits,
    [property: JsonIgnore] Rating? Rating)
{
    /// <summary>"0xC02F".</summary>
    [JsonPropertyOrder(0)]
    public string Code => Codepoint.Format(Value);

    /// <summary>"recommended", "secure", "weak", "insecure" (ciphersuite.info), or null when unrated.</summary>
    [JsonPropertyOrder(4), JsonPropertyName("rating"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? RatingName => Rating?.ToString().ToLowerInvariant();

    /// <summary>The certificate key type this suite needs ("RSA", "ECDSA") or "any" (TLS 1.3), "none" (anonymous).</summary>
    [JsonPropertyOrder(5)]
    public string Auth { get; init; } = "";

    [JsonPropertyOrder(6)]
    public bool ForwardSecrecy { get; init; }

    public static CipherResult From(ushort code)
    {
        var s = CipherSuites.Find(code);
        if (s is null) return new CipherResult(code, null, null, 0, null) { Auth = "unknown" };
        return new CipherResult(code, s.IanaName ?? s.Name, s.OpenSslName, s.EncBits, s.Rating)
        {
            Auth = s.IsTls13 ? "any" : s.Auth,
            ForwardSecrecy = s.IsForwardSecret,
        };
    }

    [JsonIgnore]
    public string DisplayName => OpenSsl ?? Iana ?? Code;
}
