using System.IO.Compression;
using TlsDoctor.Testing;

namespace TlsDoctor.Bench;

/// <summary>
/// `TlsDoctor.Bench generate-logs FOLDER MEGABYTES FILES`: ALB connection logs for bench/logs-summary.sh, in the S3 key
/// layout, each file written plain (FOLDER/plain) and gzip-compressed (FOLDER/gz), with the generator's true
/// by-protocol counts in FOLDER/truth.txt.
/// </summary>
public static class LogBenchData
{
    public static void Generate(string[] args)
    {
        var folder = args[0];
        var megabytes = long.Parse(args[1]);
        var files = int.Parse(args[2]);
        var perFile = megabytes * 1024 * 1024 / files;
        var truths = new LogTruth[files];
        Parallel.For(0, files, i =>
        {
            var generator = new LogGenerator(1000 + i) { FailureRate = 0.02 };
            var day = $"2025/03/{1 + i % 28:D2}";
            var name = $"conn_log.123456789012_elasticloadbalancing_us-east-2_app.my-loadbalancer.1234567890abcdef_20250301T{i % 24:D2}{i % 12 * 5:D2}Z_10.0.1.{i % 250}_r{i:D4}.log";
            var plain = Path.Combine(folder, "plain", "AWSLogs", "123456789012", "elasticloadbalancing", "us-east-2", day, name);
            var gz = Path.Combine(folder, "gz", "AWSLogs", "123456789012", "elasticloadbalancing", "us-east-2", day, name + ".gz");
            Directory.CreateDirectory(Path.GetDirectoryName(plain)!);
            Directory.CreateDirectory(Path.GetDirectoryName(gz)!);
            using (var writer = new StreamWriter(plain, false, new System.Text.UTF8Encoding(false), 1 << 20))
                while (writer.BaseStream.Position < perFile)
                    generator.Write("alb-connection", writer, 1000);
            using (var input = File.OpenRead(plain))
            using (var output = new GZipStream(File.Create(gz), CompressionLevel.Optimal))
                input.CopyTo(output);
            truths[i] = generator.Truth;
        });
        var byProtocol = truths.SelectMany(t => t.ByProtocol).GroupBy(x => x.Key).OrderBy(g => g.Key, StringComparer.Ordinal);
        File.WriteAllLines(Path.Combine(folder, "truth.txt"), byProtocol.Select(g => $"{g.Key} {g.Sum(x => x.Value)}"));
    }
}
