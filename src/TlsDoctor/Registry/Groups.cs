
namespace TlsDoctor.Registry;

/// <summary>The supported-groups registry, loaded once from data/registry/groups.csv.</summary>
public static class Groups
{
    private static readonly Lazy<(IReadOnlyList<NamedGroup> All, Dictionary<ushort, NamedGroup> ByCode, Dictionary<string, NamedGroup> ByName)> Data = new(Load);

    public static IReadOnlyList<NamedGroup> All => Data.Value.All;
    public static NamedGroup? Find(ushort code) => Data.Value.ByCode.GetValueOrDefault(code);

    /// <summary>By IANA name, OpenSSL name or display name (e.g. "P-256", "prime256v1"), or hex; case-insensitive.</summary>
    public static NamedGroup? Find(string nameOrCode)
    {
        var key = nameOrCode.Trim();
        if (Data.Value.ByName.TryGetValue(key, out var g)) return g;
        return Codepoint.TryParse(key, out var code) ? Find(code) : null;
    }

    public static string Describe(ushort code) =>
        Find(code)?.Name ?? (Grease.IsGrease(code) ? "GREASE" : $"unknown ({Codepoint.Format(code)})");

    public static IEnumerable<string> AllNames => Data.Value.ByName.Keys;

    private static (IReadOnlyList<NamedGroup>, Dictionary<ushort, NamedGroup>, Dictionary<string, NamedGroup>) Load()
    {
        var csv = CsvTable.LoadEmbedded("data/registry/groups.csv");
        var list = new List<NamedGroup>();
        foreach (var row in csv.Rows)
        {
            int? Int(string c) => int.TryParse(csv.Get(row, c), out var v) ? v : null;
            var kind = csv.Get(row, "kind") switch
            {
                "ecdhe" => GroupKind.Ecdhe,
                "ffdhe" => GroupKind.Ffdhe,
                "pq-kem" => GroupKind.PostQuantumKem,
                "hybrid-pq" => GroupKind.HybridPostQuantum,
                "grease" => GroupKind.Grease,
                _ => GroupKind.Other,
            };
            var openssl = csv.Get(row, "openssl_name");
            list.Add(new NamedGroup(
                Code: ushort.Parse(csv.Get(row, "code")),
                Name: csv.Get(row, "name"),
                Kind: kind,
                OpenSslName: openssl.Length == 0 ? null : openssl,
                SecurityBits: Int("security_bits"),
                ClientShareLength: Int("client_share_len"),
                ServerShareLength: Int("server_share_len"),
                AllowedInTls12: csv.Get(row, "tls12") == "Y",
                AllowedInTls13: csv.Get(row, "tls13") == "Y",
                IsIanaRecommended: csv.Get(row, "iana_recommended") == "Y"));
        }
        var byName = new Dictionary<string, NamedGroup>(StringComparer.OrdinalIgnoreCase);
        foreach (var g in list.Where(g => g.Kind != GroupKind.Grease)) byName.TryAdd(g.Name, g);
        foreach (var row in csv.Rows)
        {
            var g = list.First(x => x.Code == ushort.Parse(csv.Get(row, "code")));
            if (g.Kind == GroupKind.Grease) continue;
            foreach (var alias in new[] { csv.Get(row, "openssl_name"), csv.Get(row, "openssl_display_name") })
                if (alias.Length > 0) byName.TryAdd(alias, g);
        }
        // OpenSSL and AWS spell secp256r1 as prime256v1 / P-256 (RFC 4492 appendix A).
        if (list.FirstOrDefault(g => g.Name == "secp256r1") is { } p256) { byName.TryAdd("prime256v1", p256); byName.TryAdd("P-256", p256); }
        if (list.FirstOrDefault(g => g.Name == "secp384r1") is { } p384) byName.TryAdd("P-384", p384);
        if (list.FirstOrDefault(g => g.Name == "secp521r1") is { } p521) byName.TryAdd("P-521", p521);
        return (list, list.GroupBy(g => g.Code).ToDictionary(x => x.Key, x => x.First()), byName);
    }
}
