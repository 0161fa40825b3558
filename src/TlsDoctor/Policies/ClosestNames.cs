namespace TlsDoctor.Policies;

/// <summary>"Did you mean" suggestions: the known names closest to what the user typed (case-insensitive).</summary>
public static class ClosestNames
{
    /// <summary>
    /// Up to <paramref name="max"/> names, best first: names containing the query (or contained in it) rank first,
    /// then by edit distance; names further away than about half their length are dropped.
    /// </summary>
    public static IReadOnlyList<string> Find(string query, IEnumerable<string> candidates, int max = 5)
    {
        var q = query.Trim().ToLowerInvariant();
        if (q.Length == 0) return [];
        return candidates
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(name =>
            {
                var n = name.ToLowerInvariant();
                var contains = n.Contains(q, StringComparison.Ordinal) || q.Contains(n, StringComparison.Ordinal);
                var distance = Distance(q, n);
                return (name, contains, distance, limit: Math.Max(3, Math.Max(q.Length, n.Length) / 2));
            })
            .Where(x => x.contains || x.distance <= x.limit)
            .OrderBy(x => x.contains ? 0 : 1)
            .ThenBy(x => x.distance)
            .ThenBy(x => x.name, StringComparer.Ordinal)
            .Take(max)
            .Select(x => x.name)
            .ToList();
    }

    /// <summary>Levenshtein distance (insert, delete, substitute each cost 1).</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
