using System.Globalization;
using TlsDoctor.Logs;

namespace TlsDoctor.Reports;

/// <summary>
/// The logs section of a report: what the load balancer's logs say (Logs.LogSummarizer) and, when a policy is
/// recommended, how many of the logged connections it could not have negotiated (Logs.LogWhatIf, an upper bound).
/// </summary>
public sealed record ReportLogs(LogSummary Summary, WhatIfResult? WhatIf)
{
    /// <summary>Longest span charted hour by hour (two weeks); a longer one shows only the hours with failures.</summary>
    public const int MaxChartedHours = 14 * 24;

    /// <summary>
    /// Failures per hour with the quiet hours between the first and the last as zeros, so that a chart's bars stand
    /// for equal time; the hours as logged when the span is longer than <see cref="MaxChartedHours"/>.
    /// </summary>
    public IReadOnlyList<HourCount> FailedHours()
    {
        var hours = Summary.FailedByHour;
        var parsed = hours.Select(h => (Hour: Parse(h.Hour), h.Count)).ToList();
        if (parsed.Count < 2 || parsed.Any(p => p.Hour is null)) return hours;
        var first = parsed.Min(p => p.Hour!.Value);
        var last = parsed.Max(p => p.Hour!.Value);
        var span = (int)(last - first).TotalHours;
        if (span >= MaxChartedHours) return hours;
        var counts = parsed.GroupBy(p => p.Hour!.Value).ToDictionary(g => g.Key, g => g.Sum(p => p.Count));
        return Enumerable.Range(0, span + 1).Select(i => first.AddHours(i))
            .Select(t => new HourCount(t.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture), counts.GetValueOrDefault(t))).ToList();
    }

    private static DateTime? Parse(string hour) =>
        DateTime.TryParseExact(hour, "yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
