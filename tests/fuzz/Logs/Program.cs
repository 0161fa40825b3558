using SharpFuzz;
using TlsDoctor.Logs;
using TlsDoctor.Policies;

// Usage: TlsDoctor.Fuzz.Logs [lines|file]   (input on stdin, as AFL++ supplies it)
//   lines: every line of the input through every format's parser and the format detection;
//   file:  the input as a log file (plain or gzip) through the summary and the what-if, as `tlsdoctor logs` reads it;
//          the summary twice, with and without gzip inflated ahead on another thread, which must agree.
// The readers promise counted malformed lines and skipped files on any input: every exception that escapes is a finding.
var target = args.Length > 0 ? args[0] : "file";
// Instrumented library code may run only once the fuzzer has set up its coverage map: nothing is loaded before Run.
var policy = new Lazy<TlsDoctor.Negotiation.ServerPolicy>(() => PolicyCatalog.Get("ELBSecurityPolicy-TLS13-1-2-2021-06")!);
Action<byte[]> run = target switch
{
    "lines" => Lines,
    "file" => data =>
    {
        var source = new LogSource("conn_log.fuzz.log", () => new MemoryStream(data, writable: false));
        var inline = LogSummarizer.Summarize([source], new LogScanOptions { Parallelism = 1 });
        // One file and two workers: a gzip input is inflated on a thread of its own (ReadAheadStream).
        var ahead = LogSummarizer.Summarize([source], new LogScanOptions { Parallelism = 2 });
        if (inline.Scan.Lines != ahead.Scan.Lines || inline.Scan.Malformed != ahead.Scan.Malformed || inline.Connections != ahead.Connections
            || inline.Failed != ahead.Failed || !inline.Scan.Skipped.SequenceEqual(ahead.Scan.Skipped))
            throw new InvalidOperationException("the summary differs when gzip is inflated ahead");
        LogWhatIf.Analyze([source], policy.Value, new LogScanOptions { Parallelism = 1 });
    },
    _ => throw new ArgumentException($"unknown target '{target}' (lines, file)"),
};
if (Environment.GetEnvironmentVariable("TLSDOCTOR_FUZZ_REPLAY") is { Length: > 0 } file)
{
    run(File.ReadAllBytes(file));
    return;
}
Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    run(buffer.ToArray());
});

static void Lines(byte[] data)
{
    try
    {
        using var reader = new LogLineReader(new MemoryStream(data, writable: false));
        while (reader.TryReadLine(out var line))
        {
            foreach (var format in LogFormats.All) LogLineParser.TryParse(format, line, out _, out _);
            LogFormats.Detect("fuzz.log", line);
        }
    }
    catch (InvalidDataException)
    {
        // A corrupt gzip stream: the reader's documented failure, which the scanner turns into a skipped file.
    }
}
