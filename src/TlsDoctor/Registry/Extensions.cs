
namespace TlsDoctor.Registry;

/// <summary>The extension-type registry, loaded once from data/registry/extensions.csv.</summary>
public static class Extensions
{
    private static readonly Lazy<(IReadOnlyList<ExtensionType> All, Dictionary<ushort, ExtensionType> ByCode, Dictionary<string, ExtensionType> ByName)> Data = new(Load);

    public static IReadOnlyList<ExtensionType> All => Data.Value.All;
    public static ExtensionType? Find(ushort code) => Data.Value.ByCode.GetValueOrDefault(code);

    public static ExtensionType? Find(string nameOrCode)
    {
        var key = nameOrCode.Trim();
        if (Data.Value.ByName.TryGetValue(key, out var e)) return e;
        return Codepoint.TryParse(key, out var code) ? Find(code) : null;
    }

    public static string Describe(ushort code) =>
        Grease.IsGrease(code) ? "GREASE" : Find(code)?.Name ?? $"unknown ({Codepoint.Format(code)})";

    private static (IReadOnlyList<ExtensionType>, Dictionary<ushort, ExtensionType>, Dictionary<string, ExtensionType>) Load()
    {
        var csv = CsvTable.LoadEmbedded("data/registry/extensions.csv");
        var list = csv.Rows
            .Where(row => csv.Get(row, "context") == "extension")
            .Select(row => new ExtensionType(ushort.Parse(csv.Get(row, "code")), csv.Get(row, "name"), csv.Get(row, "iana_registered") == "true"))
            .ToList();
        var byName = new Dictionary<string, ExtensionType>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in list) byName.TryAdd(e.Name, e);
        return (list, list.GroupBy(e => e.Code).ToDictionary(g => g.Key, g => g.First()), byName);
    }
}
