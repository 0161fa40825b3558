namespace TlsDoctor.Logs;

/// <summary>Names of the formats and their recognition from a file name and the file's first line.</summary>
public static class LogFormats
{
    public static IReadOnlyList<LogFormat> All { get; } = [LogFormat.AlbConnection, LogFormat.AlbAccess, LogFormat.NlbAccess, LogFormat.ClbAccess];

    /// <summary>"alb-connection", "alb-access", "nlb-access", "clb-access": the spelling of --type and of JSON.</summary>
    public static string Name(LogFormat format) => format switch
    {
        LogFormat.AlbConnection => "alb-connection",
        LogFormat.AlbAccess => "alb-access",
        LogFormat.NlbAccess => "nlb-access",
        _ => "clb-access",
    };

    public static LogFormat? Parse(string? name) =>
        All.Cast<LogFormat?>().FirstOrDefault(f => string.Equals(Name(f!.Value), name?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The format a file name announces (S3 key layout, log-formats.md 0.1): "conn_log." or "conn_log_" for ALB
    /// connection logs (both spellings appear in AWS's pages), "_app." for ALB access, "_net." for NLB, and any
    /// other "…_elasticloadbalancing_…" name for CLB access logs. Null when the name says nothing.
    /// </summary>
    public static LogFormat? FromFileName(string name)
    {
        var file = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        if (file.StartsWith("conn_log.", StringComparison.Ordinal) || file.StartsWith("conn_log_", StringComparison.Ordinal)) return LogFormat.AlbConnection;
        if (!file.Contains("_elasticloadbalancing_", StringComparison.Ordinal)) return null;
        if (file.Contains("_app.", StringComparison.Ordinal)) return LogFormat.AlbAccess;
        if (file.Contains("_net.", StringComparison.Ordinal)) return LogFormat.NlbAccess;
        return LogFormat.ClbAccess;
    }

    /// <summary>
    /// The format whose parser accepts <paramref name="firstLine"/>: each format's first fields have a shape no other
    /// format's have (NLB: "tls 2.0"; ALB access: a request type; ALB connection: time, bare IP, port; CLB: time,
    /// name, ip:port). The file name decides only when the line fits none.
    /// </summary>
    public static LogFormat? Detect(string fileName, ReadOnlySpan<byte> firstLine)
    {
        var hinted = FromFileName(fileName);
        if (hinted is { } h && LogLineParser.TryParse(h, firstLine, out _, out _)) return h;
        foreach (var format in All)
            if (LogLineParser.TryParse(format, firstLine, out _, out _)) return format;
        return hinted;
    }
}
