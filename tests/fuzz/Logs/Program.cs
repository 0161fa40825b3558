using SharpFuzz;
using TlsDoctor.Logs;
using TlsDoctor.Policies;

// Usage: TlsDoctor.Fuzz.Logs [lines|file]   (input on stdin, as AFL++ supplies it)
//   lines: every line of the input through every format's parser and the format detection;
//   file:  the input as a log file (plain or gzip) through the summary and the what-if, as `tlsdoctor logs` reads it.
// The readers promise counted malformed lines and skipped files on any input: every exception that escapes is a finding.
var target = args.Length > 0 ? args[0] : "file";
var policy = PolicyCatalog.Get("ELBSecurityPolicy-TLS13-1-2-2021-06")!;
Action<byte[]> run = target switch
{
    "lines" => Lines,
    "file" => data =>
    {
        var source = new LogSource("conn_log.fuzz.log", () => new MemoryStream(data, writable: false));
        LogSummarizer.Summarize([source], new LogScanOptions { Parallelism = 1 });
        LogWhatIf.Analyze([source], policy, new LogScanOptions { Parallelism = 1 });
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
    using var reader = new LogLineReader(new MemoryStream(data, writable: false));
    while (reader.TryReadLine(out var line))
    {
        foreach (var format in LogFormats.All) LogLineParser.TryParse(format, line, out _, out _);
        LogFormats.Detect("fuzz.log", line);
    }
}
