using System.Text.Json;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Policies;

/// <summary>What the policy readers share: reading JSON fields, resolving suite and group names with suggestions, failing with where and why.</summary>
internal static class PolicyFields
{
    /// <summary>Longest token echoed whole in a message; longer ones are cut (a file may hold one 1 MB line).</summary>
    public const int MaxEchoedLength = 64;

    /// <summary>The token as it is, or its start and its length when it is longer than <see cref="MaxEchoedLength"/>.</summary>
    public static string Shorten(string token) =>
        token.Length <= MaxEchoedLength ? token : $"{token[..40]}… ({token.Length} characters)";

    public static string Quote(string? token) => $"'{Shorten(token ?? "")}'";

    public static bool IsTls13Suite(ushort code) => CipherSuites.Find(code)?.IsTls13 == true;

    public static PolicyParseResult? ResolveSuite(string name, string where, out CipherSuite suite)
    {
        suite = CipherSuites.Find(name)!;
        if (suite is not null) return null;
        var close = NameSuggestions.Closest(name, CipherSuites.AllNames, 3);
        return Fail(where, close.Count == 0 ? $"unknown cipher suite {Quote(name)}" : $"unknown cipher suite {Quote(name)} (closest: {string.Join(", ", close)})");
    }

    public static PolicyParseResult? ResolveGroups(IReadOnlyList<string>? names, string where, out IReadOnlyList<ushort>? groups)
    {
        groups = null;
        if (names is null) return null;
        var list = new List<ushort>();
        foreach (var n in names)
        {
            var g = Groups.Find(n);
            if (g is null)
            {
                var close = NameSuggestions.Closest(n, Groups.AllNames, 3);
                return Fail(where, close.Count == 0 ? $"unknown group {Quote(n)}" : $"unknown group {Quote(n)} (closest: {string.Join(", ", close)})");
            }
            if (list.Contains(g.Code)) return Fail(where, $"group {Quote(n)} listed twice");
            list.Add(g.Code);
        }
        groups = list;
        return null;
    }

    public static string? Str(JsonElement e, string property) =>
        e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static bool? Bool(JsonElement e, string property) =>
        e.TryGetProperty(property, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    /// <summary>A missing or null property gives null (unknown); anything but an array of strings is an error.</summary>
    public static bool TryStrings(JsonElement e, string property, out IReadOnlyList<string>? values, out string error)
    {
        values = null;
        error = "";
        if (!e.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null) return true;
        if (v.ValueKind != JsonValueKind.Array) { error = $"'{property}' must be an array of strings or null"; return false; }
        var list = new List<string>();
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) { error = $"'{property}' must hold only strings"; return false; }
            list.Add(item.GetString()!);
        }
        values = list;
        return true;
    }

    public static PolicyParseResult Fail(string where, string reason) => PolicyParseResult.Failure(new PolicyError.InvalidData(where, reason));

    public static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
