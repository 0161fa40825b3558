namespace TlsDoctor.Logs;

/// <summary>
/// Reads log files in parallel (one file per worker at a time, streaming, constant memory per worker), recognises each
/// file's format, parses every line and hands the well-formed ones to the worker's visitor. A malformed line is counted
/// (the first few kept with file and line number); an unreadable file is skipped with its reason; neither stops the scan.
/// </summary>
public static class LogScanner
{
    public static (IReadOnlyList<TVisitor> Visitors, LogScanStats Stats) Scan<TVisitor>(
        IReadOnlyList<LogSource> sources, Func<TVisitor> create, LogScanOptions? options = null, CancellationToken cancellation = default)
        where TVisitor : ILogVisitor
    {
        options ??= new LogScanOptions();
        var workers = Math.Max(1, Math.Min(options.Parallelism, sources.Count));
        // With fewer files than cores, a gzip file is inflated on one core and parsed on another.
        var inflateAhead = sources.Count < options.Parallelism;
        var next = -1;
        var shared = new SharedCounters();
        var states = new WorkerState<TVisitor>[workers];
        using var timer = options.Progress is { } report
            ? new Timer(_ => report(new LogScanProgress(Volatile.Read(ref shared.FilesDone), sources.Count, Interlocked.Read(ref shared.Lines), Interlocked.Read(ref shared.Bytes))), null, 1000, 1000)
            : null;
        var tasks = new Task[workers];
        for (var w = 0; w < workers; w++)
        {
            var state = states[w] = new WorkerState<TVisitor>(create());
            tasks[w] = Task.Factory.StartNew(() =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < sources.Count)
                {
                    cancellation.ThrowIfCancellationRequested();
                    ReadFile(sources[i], inflateAhead, state, options, shared, cancellation);
                    Interlocked.Increment(ref shared.FilesDone);
                }
            }, cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        try { Task.WaitAll(tasks, cancellation); }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is OperationCanceledException)) { throw new OperationCanceledException(cancellation); }

        var examples = states.SelectMany(s => s.Examples).OrderBy(m => m.File, StringComparer.Ordinal).ThenBy(m => m.Line).Take(options.MalformedExamples).ToList();
        var byFormat = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in states)
            foreach (var (format, count) in s.Formats) byFormat[format] = byFormat.GetValueOrDefault(format) + count;
        var stats = new LogScanStats
        {
            Files = sources.Count - states.Sum(s => s.Skipped.Count),
            Lines = states.Sum(s => s.Lines),
            Malformed = states.Sum(s => s.Malformed),
            MalformedExamples = examples,
            Skipped = states.SelectMany(s => s.Skipped).OrderBy(s => s.File, StringComparer.Ordinal).ToList(),
            FilesByFormat = byFormat,
        };
        return (states.Select(s => s.Visitor).ToList(), stats);
    }

    private static void ReadFile<TVisitor>(LogSource source, bool inflateAhead, WorkerState<TVisitor> state, LogScanOptions options, SharedCounters shared, CancellationToken cancellation)
        where TVisitor : ILogVisitor
    {
        var format = options.Format;
        long lines = 0, bytesReported = 0;
        try
        {
            using var reader = new LogLineReader(source.Open(), inflateAhead);
            while (reader.TryReadLine(out var line))
            {
                if ((++lines & 0xFFFF) == 0)
                {
                    cancellation.ThrowIfCancellationRequested();
                    Interlocked.Add(ref shared.Lines, 0x10000);
                    Interlocked.Add(ref shared.Bytes, reader.BytesRead - bytesReported);
                    bytesReported = reader.BytesRead;
                }
                if (reader.LastWasOverlong)
                {
                    state.AddMalformed(source.Name, reader.LineNumber, $"longer than {LogLineReader.MaxLineLength} bytes", options.MalformedExamples);
                    continue;
                }
                if (line.IsEmpty) { lines--; continue; }
                if (format is null)
                {
                    format = LogFormats.Detect(source.Name, line);
                    if (format is null)
                    {
                        state.Skipped.Add(new SkippedFile(source.Name, "not a load balancer log: neither its name nor its first line fits a known format", Unreadable: false));
                        return;
                    }
                    state.Formats[LogFormats.Name(format.Value)] = state.Formats.GetValueOrDefault(LogFormats.Name(format.Value)) + 1;
                }
                if (LogLineParser.TryParse(format.Value, line, out var record, out var error))
                    state.Visitor.Visit(record, source.Name, reader.LineNumber);
                else
                    state.AddMalformed(source.Name, reader.LineNumber, error!, options.MalformedExamples);
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            state.Skipped.Add(new SkippedFile(source.Name, e.Message, Unreadable: true));
        }
        finally
        {
            state.Lines += lines;
            Interlocked.Add(ref shared.Lines, lines & 0xFFFF);
        }
    }

    private sealed class SharedCounters
    {
        public int FilesDone;
        public long Lines;
        public long Bytes;
    }

    private sealed class WorkerState<TVisitor>(TVisitor visitor)
    {
        public TVisitor Visitor { get; } = visitor;
        public long Lines;
        public long Malformed;
        public List<MalformedLine> Examples { get; } = [];
        public List<SkippedFile> Skipped { get; } = [];
        public Dictionary<string, int> Formats { get; } = [];

        public void AddMalformed(string file, long line, string reason, int keep)
        {
            Malformed++;
            if (Examples.Count < keep) Examples.Add(new MalformedLine(file, line, reason));
        }
    }
}
