namespace TlsDoctor.Registry;

/// <summary>
/// A filter over cipher suites: usable with a protocol version, rated one of some ratings, with a key
/// exchange (OpenSSL's words: ECDH, DH, RSA, PSK, …; "ECDHE"/"DHE" are accepted for ECDH/DH), and/or
/// whose code or any name contains a text. Empty criteria match everything.
/// </summary>
public sealed record CipherSuiteQuery(
    TlsVersion? Protocol = null,
    IReadOnlyCollection<Rating>? Ratings = null,
    string? KeyExchange = null,
    string? Text = null)
{
    /// <summary>Every key-exchange word suites use, for validation and suggestions.</summary>
    public static IReadOnlyList<string> KeyExchanges { get; } =
        CipherSuites.All.Select(s => s.Kx).Where(k => k.Length > 0).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>Maps the spellings users type to the registry's key-exchange word; null when unknown.</summary>
    public static string? NormalizeKeyExchange(string text)
    {
        var t = text.Trim();
        var alias = t.ToUpperInvariant() switch { "ECDHE" or "EECDH" => "ECDH", "DHE" or "EDH" => "DH", _ => t };
        return KeyExchanges.FirstOrDefault(k => k.Equals(alias, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A TLS 1.3 suite is usable only in TLS 1.3; any other suite from its minimum version up to TLS 1.2.</summary>
    public static bool IsUsableWith(CipherSuite suite, TlsVersion version) =>
        !suite.IsSignalling && suite.MinProtocol is { } min &&
        (suite.IsTls13 ? version == TlsVersion.Tls13 : min <= version && version <= TlsVersion.Tls12);

    public bool Matches(CipherSuite suite)
    {
        if (Protocol is { } p && !IsUsableWith(suite, p)) return false;
        if (Ratings is { Count: > 0 } r && (suite.Rating is not { } rating || !r.Contains(rating))) return false;
        if (KeyExchange is { Length: > 0 } kx && !suite.Kx.Equals(NormalizeKeyExchange(kx) ?? kx, StringComparison.OrdinalIgnoreCase)) return false;
        if (Text is { Length: > 0 } text && !MatchesText(text, suite.CodeText, suite.Name, suite.IanaName, suite.OpenSslName, suite.OpenSslNameAlt, suite.GnuTlsName))
            return false;
        return true;
    }

    public bool Matches(Sslv2CipherKind kind)
    {
        if (Protocol is { } p && p != TlsVersion.SSLv2) return false;
        if (Ratings is { Count: > 0 } r && !r.Contains(kind.Rating)) return false;
        if (KeyExchange is { Length: > 0 } kx && !kind.Kx.Equals(NormalizeKeyExchange(kx) ?? kx, StringComparison.OrdinalIgnoreCase)) return false;
        if (Text is { Length: > 0 } text && !MatchesText(text, kind.CodeText, kind.Name, kind.OpenSslName)) return false;
        return true;
    }

    /// <summary>The registry's suites that match, in code order. SSL 2.0 kinds are separate: see <see cref="RunSslv2"/>.</summary>
    public IReadOnlyList<CipherSuite> Run() => Run(CipherSuites.All);

    /// <summary>The suites of <paramref name="suites"/> that match, in their order.</summary>
    public IReadOnlyList<CipherSuite> Run(IEnumerable<CipherSuite> suites) => suites.Where(Matches).ToArray();

    /// <summary>SSL 2.0 cipher kinds, listed only when the query asks for SSLv2.</summary>
    public IReadOnlyList<Sslv2CipherKind> RunSslv2() =>
        Protocol == TlsVersion.SSLv2 ? Sslv2CipherKinds.All.Where(Matches).ToArray() : [];

    private static bool MatchesText(string text, params string?[] fields) =>
        fields.Any(f => f is not null && f.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase));
}
