namespace TlsDoctor.Tests.Wire;

/// <summary>Loads the hex fixtures next to these tests (see Fixtures/README.md).</summary>
internal static class Fixtures
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Wire", "Fixtures", name);

    /// <summary>(id, bytes) pairs from a "id&lt;TAB&gt;hex" file.</summary>
    public static IReadOnlyList<(string Id, byte[] Bytes)> HexLines(string name) =>
        File.ReadAllLines(Path(name))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Select(p => (p[0], Convert.FromHexString(p[1].Trim())))
            .ToList();

    public static IEnumerable<object[]> AllClientHelloRecords() =>
        HexLines("testssl-client-hellos.txt").Concat(HexLines("captured-client-hellos.txt"))
            .Select(x => new object[] { x.Id, Convert.ToHexStringLower(x.Bytes) });
}
