namespace TlsDoctor.Registry;

/// <summary>"Did you mean" candidates for an unknown name: the known names closest by edit distance, case-insensitive.</summary>
public static class NameSuggestions
{
    /// <summary>
    /// Inputs longer than this get no suggestion: registry names are at most about 60 characters, so a longer input is not
    /// a misspelling of one, and edit distances over a long input would cost seconds (a policy file of one 1 MB line).
    /// </summary>
    public const int MaxInputLength = 128;

    /// <summary>Edit-distance cells computed on this thread: the work, which tests bound (a clock would measure the machine).</summary>
    [ThreadStatic] internal static long CellsComputed;

    public static IReadOnlyList<string> Closest(string input, IEnumerable<string> knownNames, int count = 3)
    {
        if (input.Length > 4 * MaxInputLength) return [];
        var needle = input.Trim().ToUpperInvariant();
        if (needle.Length is 0 or > MaxInputLength) return [];
        return knownNames
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(name => (Name: name, Distance: Score(needle, name.ToUpperInvariant())))
            .Where(x => x.Distance <= Math.Max(3, needle.Length / 2))
            .OrderBy(x => x.Distance).ThenBy(x => x.Name.Length).ThenBy(x => x.Name, StringComparer.Ordinal)
            .Take(count)
            .Select(x => x.Name)
            .ToArray();
    }

    // A name that contains the input (or the reverse) is close whatever its length: "ECDHE-RSA-AES128" finds the full name.
    private static int Score(string needle, string candidate) =>
        candidate.Contains(needle, StringComparison.Ordinal) || needle.Contains(candidate, StringComparison.Ordinal)
            ? 1 + Math.Abs(candidate.Length - needle.Length) / 8
            : Levenshtein(needle, candidate);

    private static int Levenshtein(string a, string b)
    {
        CellsComputed += (long)a.Length * b.Length;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
