namespace TlsDoctor.Logs;

/// <summary>How a scan of log files runs.</summary>
public sealed record LogScanOptions
{
    /// <summary>Files read at once; default: the processor count.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Malformed lines kept as examples (all are counted).</summary>
    public int MalformedExamples { get; init; } = 5;

    /// <summary>Reading the whole input format from the first line of each file can be overridden (athena --type, stdin).</summary>
    public LogFormat? Format { get; init; }

    /// <summary>Called now and then with (files done, files total, bytes read) for progress on stderr.</summary>
    public Action<LogScanProgress>? Progress { get; init; }
}
