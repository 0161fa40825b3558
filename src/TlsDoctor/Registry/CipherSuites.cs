
namespace TlsDoctor.Registry;

/// <summary>The cipher-suite registry, loaded once from data/registry/cipher-suites.csv.</summary>
public static class CipherSuites
{
    private static readonly Lazy<Table> Data = new(Load);

    public static IReadOnlyList<CipherSuite> All => Data.Value.Suites;

    public static bool TryGet(ushort code, out CipherSuite suite)
    {
        if (Data.Value.ByCode.TryGetValue(code, out var s)) { suite = s; return true; }
        suite = null!;
        return false;
    }

    public static CipherSuite? Find(ushort code) => Data.Value.ByCode.GetValueOrDefault(code);

    /// <summary>Looks a suite up by IANA, OpenSSL (current or older) or GnuTLS name, or by any hex spelling; case-insensitive.</summary>
    public static CipherSuite? Find(string nameOrCode)
    {
        var key = nameOrCode.Trim();
        if (Data.Value.ByName.TryGetValue(key, out var s)) return s;
        if (Codepoint.TryParse(key, out var code)) return Find(code);
        return null;
    }

    /// <summary>"TLS_…" name, "GREASE" or "unknown (0xABCD)": never throws.</summary>
    public static string Describe(ushort code) =>
        Find(code)?.Name ?? (Grease.IsGrease(code) ? "GREASE" : $"unknown ({Codepoint.Format(code)})");

    /// <summary>Every name a suite is known by, for "did you mean" suggestions.</summary>
    public static IEnumerable<string> AllNames => Data.Value.ByName.Keys;

    private sealed record Table(IReadOnlyList<CipherSuite> Suites, Dictionary<ushort, CipherSuite> ByCode, Dictionary<string, CipherSuite> ByName);

    private static Table Load()
    {
        var csv = CsvTable.LoadEmbedded("data/registry/cipher-suites.csv");
        var suites = new List<CipherSuite>(csv.Rows.Count);
        foreach (var row in csv.Rows)
        {
            string? Opt(string column) { var v = csv.Get(row, column); return v.Length == 0 ? null : v; }
            var code = Convert.ToUInt16(csv.Get(row, "code_u16"), 16);
            var name = Opt("name") ?? Opt("iana_name") ?? Opt("openssl_name") ?? Codepoint.Format(code);
            suites.Add(new CipherSuite(
                Code: code,
                Name: name,
                IanaName: Opt("iana_name"),
                OpenSslName: Opt("openssl_name"),
                OpenSslNameAlt: Opt("openssl_name_alt"),
                GnuTlsName: Opt("gnutls_name"),
                MinProtocol: TlsVersion.TryParse(Opt("min_protocol"), out var v) ? v : null,
                Kx: csv.Get(row, "kx"),
                Auth: csv.Get(row, "auth"),
                Enc: csv.Get(row, "enc"),
                EncBits: int.TryParse(csv.Get(row, "enc_bits"), out var bits) ? bits : 0,
                Mac: csv.Get(row, "mac"),
                IsExport: csv.Get(row, "export") == "true",
                Rating: null,
                IsIanaRecommended: csv.Get(row, "iana_recommended") == "Y")
            {
                IanaRecommendation = Opt("iana_name") is null ? null : Opt("iana_recommended"),
            });
        }
        // Ratings are derived from the names by ciphersuite.info's rules, never read from the file.
        for (int i = 0; i < suites.Count; i++)
        {
            var s = suites[i];
            if (s.IsSignalling) continue;
            var tokens = RatingRules.Tokenize(s);
            var vulnerabilities = RatingRules.Vulnerabilities(tokens);
            suites[i] = s with { Tokens = tokens, Vulnerabilities = vulnerabilities, Rating = RatingRules.Rate(vulnerabilities, tokens) };
        }
        var byCode = suites.ToDictionary(s => s.Code);
        var byName = new Dictionary<string, CipherSuite>(StringComparer.OrdinalIgnoreCase);
        // Earlier names win: IANA first, then the current OpenSSL name, then older aliases.
        foreach (var pick in new Func<CipherSuite, string?>[] { s => s.IanaName, s => s.Name, s => s.OpenSslName, s => s.GnuTlsName, s => s.OpenSslNameAlt })
            foreach (var s in suites)
                if (pick(s) is { Length: > 0 } n) byName.TryAdd(n, s);
        return new Table(suites.ToArray(), byCode, byName);
    }
}
