using TlsDoctor.Registry;

namespace TlsDoctor.Logs;

/// <summary>`logs summary`: reads the logs once and folds them into a <see cref="LogSummary"/>.</summary>
public static class LogSummarizer
{
    public static LogSummary Summarize(IReadOnlyList<LogSource> sources, LogScanOptions? options = null, CancellationToken cancellation = default)
    {
        var (tallies, stats) = LogScanner.Scan(sources, () => new SummaryTally(), options, cancellation);
        return Build(tallies.SelectMany(t => t.ByFormat.Select((f, i) => (Format: (LogFormat)i, Tally: f))).Where(x => x.Tally is not null).Select(x => (x.Format, x.Tally!)).ToList(), stats);
    }

    internal static LogSummary Build(IReadOnlyList<(LogFormat Format, FormatTally Tally)> parts, LogScanStats stats)
    {
        var notes = new List<string>();
        var counted = CountedFormats(parts.Select(p => p.Format), notes);
        var used = parts.Where(p => counted.Contains(p.Format)).Select(p => p.Tally).ToList();

        var protocols = Fold(used, t => t.Protocols, LogNames.Protocol);
        var kx = Fold(used, t => t.KeyExchanges, LogNames.KeyExchange);
        var hours = new SortedDictionary<int, long>();
        foreach (var t in used)
            foreach (var (h, n) in t.FailedHours) hours[h] = hours.GetValueOrDefault(h) + n;
        return new LogSummary
        {
            Scan = stats,
            Connections = used.Sum(t => t.Connections),
            Failed = used.Sum(t => t.Failed),
            ByProtocol = protocols.OrderBy(p => LogNames.Version(p.Key)?.Value ?? ushort.MaxValue).ThenBy(p => p.Key, StringComparer.Ordinal).ToDictionary(),
            ByCipher = ByCount(Fold(used, t => t.Ciphers, LogNames.Cipher)),
            ByKeyExchange = ByCount(kx),
            PostQuantum = kx.Where(k => LogNames.IsPostQuantum(k.Key)).Sum(k => k.Value),
            ByListener = ByCount(Fold(used, t => t.Listeners, x => x)),
            FailedByClient = ByCount(Fold(used, t => t.FailedClients, x => x)).Select(c => new ClientCount(c.Key, c.Value)).ToList(),
            FailedByHour = hours.Select(h => new HourCount(FormatTally.HourName(h.Key), h.Value)).ToList(),
            FailedByServerName = ByCount(Fold(used, t => t.FailedServerNames, x => x)),
            FailedByClientAlert = ByCount(Fold(used, t => t.FailedAlerts, LogNames.Alert)),
            Notes = notes,
        };
    }

    /// <summary>
    /// The formats whose lines count as connections. An ALB connection log has one line per connection and an ALB
    /// access log one per request of it (log-formats.md 2): with both, the access lines would count connections again,
    /// so they count only when no connection log was given.
    /// </summary>
    internal static HashSet<LogFormat> CountedFormats(IEnumerable<LogFormat> seen, List<string> notes)
    {
        var set = seen.ToHashSet();
        if (set.Contains(LogFormat.AlbConnection) && set.Remove(LogFormat.AlbAccess))
            notes.Add("ALB access logs were read with ALB connection logs: connections are counted from the connection logs only");
        if (set.Contains(LogFormat.AlbAccess)) notes.Add("ALB access logs have one line per request: their counts are requests over TLS, not connections");
        return set;
    }

    private static Dictionary<string, long> Fold(IEnumerable<FormatTally> tallies, Func<FormatTally, SpanKeyedMap<Counter>> pick, Func<string, string> name)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var t in tallies)
            foreach (var (raw, counter) in pick(t).Entries)
            {
                var key = name(raw);
                result[key] = result.GetValueOrDefault(key) + counter.Count;
            }
        return result;
    }

    private static Dictionary<string, long> ByCount(Dictionary<string, long> counts) =>
        counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToDictionary();
}
