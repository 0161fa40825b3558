
namespace TlsDoctor.Registry;

/// <summary>SSL 2.0 cipher kinds, loaded once from data/registry/sslv2-ciphers.csv.</summary>
public static class Sslv2CipherKinds
{
    private static readonly Lazy<(IReadOnlyList<Sslv2CipherKind> All, Dictionary<uint, Sslv2CipherKind> ByCode)> Data = new(Load);

    public static IReadOnlyList<Sslv2CipherKind> All => Data.Value.All;
    public static Sslv2CipherKind? Find(uint code) => Data.Value.ByCode.GetValueOrDefault(code);
    /// <summary>By name ("SSL_CK_RC4_128_WITH_MD5"), OpenSSL name or 6-digit hex ("0x010080", "01,00,80"); case-insensitive.</summary>
    public static Sslv2CipherKind? Find(string nameOrCode)
    {
        var key = nameOrCode.Trim();
        var byName = All.FirstOrDefault(k => k.Name.Equals(key, StringComparison.OrdinalIgnoreCase));
        if (byName is not null) return byName;
        var hex = key.Replace("0x", "", StringComparison.OrdinalIgnoreCase).Replace(",", "");
        return hex.Length == 6 && hex.All(Uri.IsHexDigit) ? Find(Convert.ToUInt32(hex, 16)) : null;
    }

    public static string Describe(uint code) => Find(code)?.Name ?? $"unknown (0x{code:X6})";

    private static (IReadOnlyList<Sslv2CipherKind>, Dictionary<uint, Sslv2CipherKind>) Load()
    {
        var csv = CsvTable.LoadEmbedded("data/registry/sslv2-ciphers.csv");
        var list = csv.Rows.Select(row => new Sslv2CipherKind(
            Convert.ToUInt32(csv.Get(row, "code_u24"), 16),
            csv.Get(row, "name"),
            csv.Get(row, "openssl_name") is { Length: > 0 } o ? o : null,
            int.TryParse(csv.Get(row, "enc_bits"), out var b) ? b : 0,
            csv.Get(row, "export") == "true")
        {
            Kx = csv.Get(row, "kx"),
            Auth = csv.Get(row, "auth"),
            Enc = csv.Get(row, "enc"),
            Mac = csv.Get(row, "mac"),
        }).ToList();
        return (list, list.ToDictionary(k => k.Code));
    }
}
