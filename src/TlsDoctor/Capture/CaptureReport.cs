namespace TlsDoctor.Capture;

/// <summary>Groups stored hellos by JA4 and counts malformed connections by reason.</summary>
public sealed record CaptureReport(IReadOnlyList<ClientGroup> Clients, IReadOnlyDictionary<string, int> Malformed, long Total)
{
    private const int ListLimit = 20;

    public static CaptureReport Build(IEnumerable<CapturedHello> hellos)
    {
        var groups = new Dictionary<string, List<CapturedHello>>();
        var malformed = new SortedDictionary<string, int>(StringComparer.Ordinal);
        long total = 0;
        foreach (var h in hellos)
        {
            total++;
            if (h.Ja4 is null)
            {
                var reason = ReasonKind(h.Malformed ?? "unknown");
                malformed[reason] = malformed.GetValueOrDefault(reason) + 1;
                continue;
            }
            if (!groups.TryGetValue(h.Ja4, out var list)) groups[h.Ja4] = list = [];
            list.Add(h);
        }
        var clients = groups
            .Select(g => new ClientGroup(
                g.Key,
                g.Value[0].Ja4R,
                g.Value.Count,
                g.Value.Min(h => h.Time),
                g.Value.Max(h => h.Time),
                g.Value.SelectMany(h => h.Versions).Distinct().OrderDescending(StringComparer.Ordinal).ToList(),
                Top(g.Value.Select(h => h.ServerName).OfType<string>()),
                Top(g.Value.SelectMany(h => h.Alpn.Take(1))),
                Top(g.Value.Select(h => h.Ja3).OfType<string>()),
                Top(g.Value.Select(h => h.Client[..h.Client.LastIndexOf(':')])),
                g.Value[^1]) { Profiles = ProfileMatcher.Match(g.Value[^1]) })
            .OrderByDescending(g => g.Count).ThenBy(g => g.Ja4, StringComparer.Ordinal)
            .ToList();
        return new CaptureReport(clients, malformed, total);
    }

    /// <summary>Most frequent values first, at most 20.</summary>
    private static List<string> Top(IEnumerable<string> values) =>
        values.GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(ListLimit).Select(g => g.Key).ToList();

    /// <summary>The reason without its per-connection details ("timeout: …", "not TLS: …"), for counting.</summary>
    public static string ReasonKind(string reason)
    {
        var colon = reason.IndexOf(':');
        var paren = reason.IndexOf('(');
        var cut = new[] { colon, paren }.Where(i => i > 0).DefaultIfEmpty(reason.Length).Min();
        return reason[..cut].Trim();
    }
}
