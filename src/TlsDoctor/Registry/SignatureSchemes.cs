
namespace TlsDoctor.Registry;

/// <summary>The signature-scheme registry, loaded once from data/registry/signature-schemes.csv.</summary>
public static class SignatureSchemes
{
    private static readonly Lazy<(IReadOnlyList<SignatureScheme> All, Dictionary<ushort, SignatureScheme> ByCode, Dictionary<string, SignatureScheme> ByName)> Data = new(Load);

    public static IReadOnlyList<SignatureScheme> All => Data.Value.All;
    public static SignatureScheme? Find(ushort code) => Data.Value.ByCode.GetValueOrDefault(code);

    /// <summary>By IANA name, OpenSSL's "RSA+SHA256" / "ECDSA+SHA256" pair spelling, or hex; case-insensitive.</summary>
    public static SignatureScheme? Find(string nameOrCode)
    {
        var key = nameOrCode.Trim();
        if (Data.Value.ByName.TryGetValue(key, out var s)) return s;
        return Codepoint.TryParse(key, out var code) ? Find(code) : null;
    }

    public static string Describe(ushort code) =>
        Find(code)?.Name ?? (Grease.IsGrease(code) ? "GREASE" : $"unknown ({Codepoint.Format(code)})");

    public static IEnumerable<string> AllNames => Data.Value.ByName.Keys;

    private static (IReadOnlyList<SignatureScheme>, Dictionary<ushort, SignatureScheme>, Dictionary<string, SignatureScheme>) Load()
    {
        var csv = CsvTable.LoadEmbedded("data/registry/signature-schemes.csv");
        var list = new List<SignatureScheme>();
        foreach (var row in csv.Rows)
        {
            static string? Part(string v) => v.Contains(':') ? v[(v.IndexOf(':') + 1)..] : null;
            list.Add(new SignatureScheme(
                Code: Convert.ToUInt16(csv.Get(row, "code"), 16),
                Name: csv.Get(row, "name"),
                Tls12Hash: Part(csv.Get(row, "tls12_hash")),
                Tls12Signature: Part(csv.Get(row, "tls12_signature")),
                AllowedInTls12: csv.Get(row, "tls12").StartsWith('Y') || csv.Get(row, "tls12").StartsWith("deprecated", StringComparison.Ordinal),
                AllowedInTls13: csv.Get(row, "tls13").StartsWith('Y'),
                IsIanaRecommended: csv.Get(row, "iana_recommended") == "Y"));
        }
        var byName = new Dictionary<string, SignatureScheme>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in list) byName.TryAdd(s.Name, s);
        foreach (var s in list)
            if (s.Tls12Hash is { } h && s.Tls12Signature is { } sig)
                byName.TryAdd($"{sig.ToUpperInvariant()}+{h.ToUpperInvariant()}", s);
        // OpenSSL's -sigalgs spelling of RSASSA-PSS with an rsaEncryption key: "RSA-PSS+SHA256" or "PSS+SHA256"
        // (ssl/t1_lib.c resolves them to the first RSA-PSS entry of its table, rsa_pss_rsae_*).
        foreach (var s in list.Where(s => s.Name.StartsWith("rsa_pss_rsae_", StringComparison.Ordinal)))
        {
            var hash = s.Name["rsa_pss_rsae_".Length..].ToUpperInvariant();
            byName.TryAdd($"RSA-PSS+{hash}", s);
            byName.TryAdd($"PSS+{hash}", s);
        }
        return (list, list.ToDictionary(s => s.Code), byName);
    }
}
