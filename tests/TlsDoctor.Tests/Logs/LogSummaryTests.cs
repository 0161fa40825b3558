using System.Text;
using TlsDoctor.Logs;

namespace TlsDoctor.Tests.Logs;

/// <summary>Golden summaries: generated logs whose true counts the generator knows, in every format, plain and gzip.</summary>
public class LogSummaryTests
{
    private const string AlbConn = "conn_log.123456789012_elasticloadbalancing_us-east-2_app.my-loadbalancer.1234567890abcdef_20250301T0005Z_10.0.1.15_abcd{0}.log{1}";
    private const string AlbAccess = "123456789012_elasticloadbalancing_us-east-2_app.my-loadbalancer.1234567890abcdef_20250301T0005Z_10.0.1.15_abcd{0}.log{1}";
    private const string Nlb = "123456789012_elasticloadbalancing_us-east-2_net.my-loadbalancer.1234567890abcdef_20250301T0005Z_abcd{0}.log{1}";
    private const string Clb = "123456789012_elasticloadbalancing_us-east-2_my-loadbalancer_20250301T0005Z_10.0.1.15_abcd{0}.log{1}";

    [Theory]
    [InlineData("alb-connection", AlbConn)]
    [InlineData("alb-access", AlbAccess)]
    [InlineData("nlb-access", Nlb)]
    [InlineData("clb-access", Clb)]
    public void SummaryEqualsTheGeneratorsTruth(string format, string nameTemplate)
    {
        using var files = new LogTestFiles();
        var generator = new LogGenerator(seed: format.Length) { FailureRate = 0.08 };
        for (var i = 0; i < 6; i++)
            files.Write($"2025-03-0{1 + i % 3}", string.Format(nameTemplate, i, i % 2 == 0 ? ".gz" : ""), w => generator.Write(format, w, 700 + i * 37));

        var summary = LogSummarizer.Summarize(files.Sources(), new LogScanOptions { Parallelism = 3 });
        var truth = generator.Truth;

        Assert.Equal(6, summary.Scan.Files);
        Assert.Equal(truth.Lines, summary.Scan.Lines);
        Assert.Equal(0, summary.Scan.Malformed);
        Assert.Equal(new Dictionary<string, int> { [format] = 6 }, summary.Scan.FilesByFormat);
        Assert.Equal(truth.Connections, summary.Connections);
        Assert.Equal(truth.Failed, summary.Failed);
        Assert.True(truth.Failed > 0);
        Assert.Equal(truth.ByProtocol.OrderBy(x => x.Key), summary.ByProtocol.OrderBy(x => x.Key));
        Assert.Equal(truth.ByCipher.OrderBy(x => x.Key), summary.ByCipher.OrderBy(x => x.Key));
        Assert.Equal(truth.FailedByClient.OrderBy(x => x.Key), summary.FailedByClient.ToDictionary(c => c.Client, c => c.Count).OrderBy(x => x.Key));
        Assert.Equal(truth.FailedByHour.OrderBy(x => x.Key), summary.FailedByHour.Select(h => KeyValuePair.Create(h.Hour, h.Count)));
        Assert.Equal(["TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"], summary.ByProtocol.Keys);
        Assert.True(summary.FailedByClient.Zip(summary.FailedByClient.Skip(1)).All(p => p.First.Count >= p.Second.Count));
    }

    [Fact]
    public void SinceAndUntilSelectDateFolders()
    {
        using var files = new LogTestFiles();
        var counted = new LogGenerator(7);
        var other = new LogGenerator(8);
        files.Write("2025-03-01", string.Format(AlbConn, 1, ""), w => other.Write("alb-connection", w, 100));
        files.Write("2025-03-02", string.Format(AlbConn, 2, ""), w => counted.Write("alb-connection", w, 100));
        files.Write("2025-03-03", string.Format(AlbConn, 3, ".gz"), w => counted.Write("alb-connection", w, 100));
        files.Write("2025-03-04", string.Format(AlbConn, 4, ""), w => other.Write("alb-connection", w, 100));
        var range = new LogDateRange(new DateOnly(2025, 3, 2), new DateOnly(2025, 3, 3));
        var summary = LogSummarizer.Summarize(files.Sources(range));
        Assert.Equal(2, summary.Scan.Files);
        Assert.Equal(counted.Truth.Connections, summary.Connections);
        Assert.Equal(counted.Truth.Failed, summary.Failed);
    }

    [Fact]
    public void MalformedLinesAreCountedAndShownNeverFatal()
    {
        using var files = new LogTestFiles();
        var generator = new LogGenerator(3);
        var path = files.Write("2025-03-01", string.Format(Clb, 1, ""), w =>
        {
            generator.Write("clb-access", w, 10);
            w.Write("2025-03-01T12:00:21.000001Z my-loadbalancer truncated\n");
            generator.Write("clb-access", w, 5);
            w.Write("garbage \"unterminated\n");
        });
        var summary = LogSummarizer.Summarize(files.Sources());
        Assert.Equal(2, summary.Scan.Malformed);
        Assert.Equal(generator.Truth.Connections, summary.Connections);
        Assert.Equal([11L, 17L], summary.Scan.MalformedExamples.Select(m => m.Line));
        Assert.All(summary.Scan.MalformedExamples, m => Assert.Equal(path, m.File));
    }

    [Fact]
    public void AFileThatIsNoLogIsSkippedAndACorruptGzipIsUnreadable()
    {
        using var files = new LogTestFiles();
        var generator = new LogGenerator(4);
        files.Write("2025-03-01", string.Format(Nlb, 1, ""), w => generator.Write("nlb-access", w, 50));
        File.WriteAllText(Path.Combine(files.Root, "ELBAccessLogTestFile"), "Enable AccessLog for ELB: my-loadbalancer at 2025-03-01T00:00:00.000Z\n");
        File.WriteAllBytes(Path.Combine(files.Root, "broken.log.gz"), [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0x00]);
        var summary = LogSummarizer.Summarize(files.Sources());
        Assert.Equal(generator.Truth.Connections, summary.Connections);
        Assert.Equal(2, summary.Scan.Skipped.Count);
        Assert.False(summary.Scan.Skipped.Single(s => s.File.EndsWith("ELBAccessLogTestFile")).Unreadable);
        Assert.True(summary.Scan.Skipped.Single(s => s.File.EndsWith("broken.log.gz")).Unreadable);
    }

    [Fact]
    public void AccessLogsBesideConnectionLogsGiveUserAgentsButAreNotCountedTwice()
    {
        using var files = new LogTestFiles();
        var generator = new LogGenerator(5);
        var access = new StringWriter();
        files.Write("2025-03-01", string.Format(AlbConn, 1, ".gz"), w => generator.WriteAlbPair(w, access, 2000));
        files.Write("2025-03-01", string.Format(AlbAccess, 1, ".gz"), w => w.Write(access.ToString()));
        var summary = LogSummarizer.Summarize(files.Sources());
        Assert.Equal(generator.Truth.Connections, summary.Connections);
        Assert.Contains(summary.Notes, n => n.Contains("connection logs only"));
    }

    [Fact]
    public void StandardInputAndCrLfLinesAreRead()
    {
        var generator = new LogGenerator(6);
        var text = new StringWriter();
        generator.Write("alb-connection", text, 300);
        var bytes = Encoding.UTF8.GetBytes(text.ToString().Replace("\n", "\r\n"));
        var resolved = LogInputs.Resolve(["-"], LogDateRange.All, () => new MemoryStream(bytes));
        var summary = LogSummarizer.Summarize(resolved.Sources);
        Assert.Equal(generator.Truth.Connections, summary.Connections);
        Assert.Equal(generator.Truth.ByProtocol.OrderBy(x => x.Key), summary.ByProtocol.OrderBy(x => x.Key));
    }
}
