using System.Diagnostics.CodeAnalysis;

namespace TlsDoctor.Registry;

/// <summary>
/// A protocol version by its wire value (RFC 8446 section 4.1.2 legacy_version / supported_versions;
/// SSL 2.0 uses 0x0002). Ordered by value, so SSLv2 &lt; SSLv3 &lt; TLSv1.0 &lt; … &lt; TLSv1.3.
/// </summary>
public readonly record struct TlsVersion(ushort Value) : IComparable<TlsVersion>
{
    public static readonly TlsVersion SSLv2 = new(0x0002);
    public static readonly TlsVersion SSLv3 = new(0x0300);
    public static readonly TlsVersion Tls10 = new(0x0301);
    public static readonly TlsVersion Tls11 = new(0x0302);
    public static readonly TlsVersion Tls12 = new(0x0303);
    public static readonly TlsVersion Tls13 = new(0x0304);

    /// <summary>Every version the program knows, lowest first.</summary>
    public static IReadOnlyList<TlsVersion> All { get; } = [SSLv2, SSLv3, Tls10, Tls11, Tls12, Tls13];

    public bool IsKnown => All.Contains(this);

    /// <summary>The name used in output and JSON: "SSLv2", "SSLv3", "TLSv1.0" … "TLSv1.3".</summary>
    public string Name => Value switch
    {
        0x0002 => "SSLv2",
        0x0300 => "SSLv3",
        0x0301 => "TLSv1.0",
        0x0302 => "TLSv1.1",
        0x0303 => "TLSv1.2",
        0x0304 => "TLSv1.3",
        _ when Grease.IsGrease(Value) => "GREASE",
        _ when (Value >> 8) == 0x7F => $"TLSv1.3-draft{Value & 0xFF}",
        _ => $"unknown ({Codepoint.Format(Value)})",
    };

    /// <summary>The spelling of the AWS Elastic Load Balancing API ("TLSv1" for TLS 1.0).</summary>
    public string AwsName => Value == 0x0301 ? "TLSv1" : Name;

    public int CompareTo(TlsVersion other) => Value.CompareTo(other.Value);
    public static bool operator <(TlsVersion a, TlsVersion b) => a.Value < b.Value;
    public static bool operator >(TlsVersion a, TlsVersion b) => a.Value > b.Value;
    public static bool operator <=(TlsVersion a, TlsVersion b) => a.Value <= b.Value;
    public static bool operator >=(TlsVersion a, TlsVersion b) => a.Value >= b.Value;

    public override string ToString() => Name;

    /// <summary>
    /// Accepts the spellings users meet in the field: "TLSv1.2", "TLS1.2", "tls1_2", "tls12", "1.2",
    /// "TLSv1" (AWS/OpenSSL for 1.0), "ssl3", "SSLv2", "0x0303".
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out TlsVersion? version)
    {
        version = null;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim().ToLowerInvariant().Replace("_", ".").Replace(" ", "");
        if (s.StartsWith("0x") && Codepoint.TryParse(s, out var raw)) { version = new TlsVersion(raw); return true; }
        if (s.StartsWith("sslv")) s = "ssl" + s[4..];
        if (s.StartsWith("tlsv")) s = "tls" + s[4..];
        version = s switch
        {
            "ssl2" or "ssl2.0" => SSLv2,
            "ssl3" or "ssl3.0" => SSLv3,
            "tls1" or "tls1.0" or "tls10" or "1.0" => Tls10,
            "tls1.1" or "tls11" or "1.1" => Tls11,
            "tls1.2" or "tls12" or "1.2" => Tls12,
            "tls1.3" or "tls13" or "1.3" => Tls13,
            _ => null,
        };
        return version is not null;
    }

    public static TlsVersion Parse(string text) =>
        TryParse(text, out var v) ? v.Value : throw new FormatException($"unknown protocol version '{text}'");
}
