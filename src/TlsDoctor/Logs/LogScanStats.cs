namespace TlsDoctor.Logs;

/// <summary>What a scan read, before any interpretation: files, lines per format, malformed lines and skipped files.</summary>
public sealed record LogScanStats
{
    public required int Files { get; init; }
    public required long Lines { get; init; }
    public required long Malformed { get; init; }
    public required IReadOnlyList<MalformedLine> MalformedExamples { get; init; }
    public required IReadOnlyList<SkippedFile> Skipped { get; init; }

    /// <summary>Files read per format name ("alb-connection", …).</summary>
    public required IReadOnlyDictionary<string, int> FilesByFormat { get; init; }
}
