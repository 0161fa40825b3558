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
    /// <summary>For reading `scan --json` back: <see cref="Code"/> and <see cref="RatingName"/> restore what the JSON leaves out.</summary>
    [JsonConstructor]
    public CipherResult() : this(0, null, null, 0, null) { }

    /// <summary>"0xC02F"; SSL 2.0 cipher kinds have three bytes, "0x010080".</summary>
    /// <remarks>Read back (report --scan): the code restores <see cref="Value"/> or <see cref="Sslv2Kind"/>, which the JSON leaves out.</remarks>
    [JsonPropertyOrder(0)]
    public string Code
    {
        get => Sslv2Kind is { } kind ? "0x" + kind.ToString("X6") : Codepoint.Format(Value);
        init
        {
            if (value is null) return;
            if (value.Length == 8 && uint.TryParse(value.AsSpan(2), System.Globalization.NumberStyles.HexNumber, null, out var kind)) Sslv2Kind = kind;
            else if (Codepoint.TryParse(value, out var code)) Value = code;
        }
    }

    /// <summary>The SSL 2.0 CIPHER-KIND (three bytes) when this entry is one; <see cref="Value"/> is then meaningless (0).</summary>
    [JsonIgnore]
    public uint? Sslv2Kind { get; init; }

    /// <summary>"recommended", "secure", "weak", "insecure" (ciphersuite.info), or null when unrated.</summary>
    [JsonPropertyOrder(4), JsonPropertyName("rating"), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? RatingName { get => Rating?.ToString().ToLowerInvariant(); init => Rating = Enum.TryParse<Rating>(value, ignoreCase: true, out var r) && Enum.IsDefined(r) ? r : null; }

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

    /// <summary>An SSL 2.0 cipher kind as listed by a SERVER-HELLO: names and bits from data/registry/sslv2-ciphers.csv, always insecure (RFC 6176).</summary>
    public static CipherResult FromSslv2(uint kind)
    {
        var k = Sslv2CipherKinds.Find(kind);
        return new CipherResult(0, k?.Name, k?.OpenSslName, k?.EncBits ?? 0, Registry.Rating.Insecure)
        {
            Sslv2Kind = kind,
            Auth = k is null ? "unknown" : k.Auth,
        };
    }

    [JsonIgnore]
    public string DisplayName => OpenSsl ?? Iana ?? Code;
}
