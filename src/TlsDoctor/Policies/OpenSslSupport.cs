using System.Text.Json;
using TlsDoctor.Registry;

namespace TlsDoctor.Policies;

/// <summary>
/// What OpenSSL 3.0 (the library behind haproxy, nginx and s_server here) can enforce, from
/// data/export/openssl-3.0.json: the suites its cipher strings can select and the groups it knows.
/// </summary>
public static class OpenSslSupport
{
    private static readonly Lazy<(HashSet<ushort> Suites, HashSet<ushort> Groups, string Version)> Data = new(Load);

    /// <summary>The OpenSSL version the table was taken from ("3.0.19").</summary>
    public static string Version => Data.Value.Version;

    public static bool CanEnforceSuite(ushort code) => Data.Value.Suites.Contains(code);

    public static bool KnowsGroup(ushort code) => Data.Value.Groups.Contains(code);

    private static (HashSet<ushort>, HashSet<ushort>, string) Load()
    {
        using var doc = JsonDocument.Parse(EmbeddedData.Bytes("data/export/openssl-3.0.json"));
        var root = doc.RootElement;
        ushort Code(JsonElement e) => Codepoint.TryParse(e.GetString() ?? "", out var c) ? c : throw new InvalidDataException($"openssl-3.0.json: bad code point {e}");
        var suites = root.GetProperty("suites").EnumerateArray().Concat(root.GetProperty("tls13Suites").EnumerateArray()).Select(Code).ToHashSet();
        var groups = root.GetProperty("groups").EnumerateArray()
            .Select(e => Groups.Find(e.GetString()!)?.Code ?? throw new InvalidDataException($"openssl-3.0.json: unknown group {e}"))
            .ToHashSet();
        // "OpenSSL 3.0.19 27 Jan 2026 (Library: …)" → "3.0.19"
        var version = (root.GetProperty("openssl").GetString() ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).FirstOrDefault() ?? "3.0";
        return (suites, groups, version);
    }
}
