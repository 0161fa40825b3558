namespace TlsDoctor.Tests.Architecture;

/// <summary>
/// The layers of the library (docs/architecture.md): a folder (= namespace under the root) may reference folders of a
/// lower level, and folders of its own level only where an edge is listed. Every folder is named here, so a new one
/// fails the check until it is placed in the picture.
/// </summary>
public sealed class LayerRules
{
    private readonly Dictionary<string, int> _levels;
    private readonly HashSet<(string From, string To)> _sameLevelEdges;

    public LayerRules(IReadOnlyDictionary<string, int> levels, IEnumerable<(string From, string To)> sameLevelEdges)
    {
        _levels = new Dictionary<string, int>(levels, StringComparer.Ordinal);
        _sameLevelEdges = [.. sameLevelEdges];
    }

    /// <summary>Registry, Io ← Wire ← Negotiation ← Policies, Clients ← the edges ← Diagnosis ← Reports (← the CLI, another assembly).</summary>
    public static LayerRules TlsDoctor { get; } = new(
        new Dictionary<string, int>
        {
            // Io: the bounded reading of user-named inputs and the listen address, used by Policies, the edges and
            // the CLI; it needs nothing of ours, and Registry (pure facts) does not need it.
            ["Registry"] = 0, ["Io"] = 0,
            ["Wire"] = 1,
            ["Negotiation"] = 2,
            ["Policies"] = 3, ["Clients"] = 3,
            ["Scanning"] = 4, ["Capture"] = 4, ["Emulator"] = 4, ["Aws"] = 4, ["Logs"] = 4,
            ["Diagnosis"] = 5,
            ["Reports"] = 6,
        },
        // Logs reads logs from S3 with the credentials Aws resolves.
        [("Logs", "Aws")]);

    public bool IsKnown(string layer) => _levels.ContainsKey(layer);

    /// <summary>Whether a type of <paramref name="from"/> may reference a type of <paramref name="to"/>.</summary>
    public bool Allows(string from, string to) =>
        from == to || (_levels.TryGetValue(from, out var a) && _levels.TryGetValue(to, out var b) && (b < a || b == a && _sameLevelEdges.Contains((from, to))));

    /// <summary>
    /// The references between layers below <paramref name="root"/> (e.g. "TlsDoctor"): each as "From.Type → To.Type",
    /// split into allowed ones and violations; types in a folder the rules do not name are violations too, so a new
    /// folder has to be placed in the picture before it can be used.
    /// </summary>
    public LayerCheck Check(IEnumerable<(string From, string To)> references, string root)
    {
        var allowed = new List<string>();
        var violations = new List<string>();
        foreach (var (from, to) in references)
        {
            var a = LayerOf(from, root);
            var b = LayerOf(to, root);
            if (a is null || b is null || a == b) continue;
            var line = $"{from} ({a}) → {to} ({b})";
            if (!IsKnown(a)) violations.Add($"{line}: {a} is not a layer in the rules");
            else if (!IsKnown(b)) violations.Add($"{line}: {b} is not a layer in the rules");
            else if (Allows(a, b)) allowed.Add(line);
            else violations.Add($"{line}: {a} may not reference {b}");
        }
        allowed.Sort(StringComparer.Ordinal);
        violations.Sort(StringComparer.Ordinal);
        return new LayerCheck(allowed, violations);
    }

    /// <summary>"Wire" for "TlsDoctor.Wire.ClientHello" or "TlsDoctor.Registry.OpenSsl.X" → "Registry"; null outside a folder of the root.</summary>
    private static string? LayerOf(string fullName, string root)
    {
        if (!fullName.StartsWith(root + ".", StringComparison.Ordinal)) return null;
        var rest = fullName[(root.Length + 1)..];
        var dot = rest.IndexOf('.');
        return dot < 0 ? null : rest[..dot];
    }
}

/// <summary>The outcome of <see cref="LayerRules.Check"/>.</summary>
public sealed record LayerCheck(IReadOnlyList<string> Allowed, IReadOnlyList<string> Violations);
