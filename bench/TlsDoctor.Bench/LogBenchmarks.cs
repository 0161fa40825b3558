using System.Text;
using BenchmarkDotNet.Attributes;
using TlsDoctor.Logs;
using TlsDoctor.Testing;

namespace TlsDoctor.Bench;

/// <summary>
/// The log line parsers on 1,000 generated lines of each format, and the whole summary fold (read, parse, count) over
/// 20,000 ALB connection lines in memory: per-line cost and allocations (which should not grow with lines).
/// Run: dotnet run -c Release --project bench/TlsDoctor.Bench -- --filter '*LogBenchmarks*' --job short --memory
/// </summary>
[MemoryDiagnoser]
public class LogBenchmarks
{
    private byte[][] _lines = [];
    private byte[] _file = [];

    [Params("alb-connection", "alb-access", "nlb-access", "clb-access")]
    public string Format { get; set; } = "alb-connection";

    [GlobalSetup]
    public void Setup()
    {
        var generator = new LogGenerator(1);
        _lines = Enumerable.Range(0, 1000).Select(_ => Encoding.UTF8.GetBytes(generator.Line(Format).TrimEnd('\n'))).ToArray();
        var text = new StringWriter();
        generator.Write(Format, text, 20_000);
        _file = Encoding.UTF8.GetBytes(text.ToString());
    }

    [Benchmark(OperationsPerInvoke = 1000)]
    public int Parse()
    {
        var format = LogFormats.Parse(Format)!.Value;
        var tls = 0;
        foreach (var line in _lines)
            if (LogLineParser.TryParse(format, line, out var record, out _) && record.IsTls) tls++;
        return tls;
    }

    [Benchmark(OperationsPerInvoke = 20_000)]
    public long Summarize() =>
        LogSummarizer.Summarize([new LogSource("bench.log", () => new MemoryStream(_file, writable: false))], new LogScanOptions { Parallelism = 1 }).Connections;
}
