using System.Text.Json;
using AngleSharp.Html.Parser;
using CsCheck;
using TlsDoctor.Cli;
using TlsDoctor.Cli.Commands;
using TlsDoctor.Cli.Json;
using TlsDoctor.Clients;
using TlsDoctor.Io;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;
using TlsDoctor.Registry;
using TlsDoctor.Reports;
using TlsDoctor.Scanning;

namespace TlsDoctor.Tests.Reports;

/// <summary>
/// The report of a saved scan (the emulator serving ELBSecurityPolicy-TLS13-1-2-2021-06, scanned with scan --json):
/// read back through the scan contract, diagnosed without network, rendered as Markdown (golden) and HTML (parsed).
/// Golden files are rewritten with TLSDOCTOR_UPDATE_GOLDEN=1.
/// </summary>
public sealed class ReportTests
{
    private static readonly string ScanFixture = RepoPaths.Repo("tests/TlsDoctor.Tests/Reports/Fixtures/scan-elb-tls13-1-2.json");
    private static readonly string[] ClientIds = ["java-6u45", "ie-8-xp", "chrome-27-win7", "firefox-137-win11", "android-442", "curl"];
    private static readonly DateTimeOffset Fixed = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static async Task<Report> FixtureReport(ReportOptions? options = null)
    {
        var scan = ReportCommand.ReadScan(ScanFixture);
        var offers = ClientIds.Select(id => ClientProfiles.Get(id)!.Offer).ToList();
        var outcome = await ReportCommand.FromScanAsync(scan, offers, "ALB", CancellationToken.None);
        Assert.NotNull(outcome.Report);
        return ReportBuilder.Build(outcome.Report!, "ALB", (options ?? new ReportOptions()) with { GeneratedAt = Fixed });
    }

    [Fact]
    public void A_saved_scan_reads_back_to_the_same_document()
    {
        var original = File.ReadAllText(ScanFixture).TrimEnd();
        var scan = ReportCommand.ReadScan(ScanFixture);
        var document = ScanDocument.From(scan, JsonSerializer.Deserialize(File.ReadAllBytes(ScanFixture), CliJsonContext.Default.ScanDocument)!.PolicyMatches);
        Assert.Equal(original, CliJson.Serialize(document, CliJsonContext.Default.ScanDocument));
        Assert.Equal(TlsVersion.Tls13, scan.Protocols.Single(p => p.Name == "TLSv1.3").Version);
        Assert.Contains(scan.Protocols.SelectMany(p => p.Ciphers), c => c.Value == 0xC02F && c.Rating == Rating.Secure);
    }

    [Fact]
    public async Task The_report_identifies_the_policy_counts_the_failing_clients_and_recommends()
    {
        var report = await FixtureReport();
        Assert.Equal("ELBSecurityPolicy-TLS13-1-2-2021-06", report.CurrentPolicy?.Name);
        Assert.False(report.Live);
        // Java 6u45, IE 8 (TLS 1.0) and Chrome 27 (TLS 1.1 at most) cannot reach a TLS 1.2 minimum.
        Assert.Equal(3, report.FailingClients);
        Assert.NotNull(report.Recommendation?.Policy);
        Assert.All(report.Grid.Clients.Select((_, row) => row), row =>
            Assert.True(report.Grid.Cell(row, report.Grid.Policies.ToList().FindIndex(p => p.Roles.Contains(GridPolicyRole.Recommended))).Ok));
        Assert.NotNull(report.Diff);
        Assert.Contains(TlsVersion.Tls10, report.Diff!.ProtocolsAdded);
    }

    [Fact]
    public async Task Markdown_matches_the_golden_file()
    {
        var report = await FixtureReport(new ReportOptions { Policies = [PolicyCatalog.Find("ELBSecurityPolicy-2016-08", "ALB").Policy!] });
        Golden.Check("report.md", MarkdownReportRenderer.Render(report));
    }

    [Fact]
    public async Task Html_parses_without_errors_loads_nothing_and_has_one_cell_per_client_and_policy()
    {
        var report = await FixtureReport(new ReportOptions { AllPolicies = true });
        var html = HtmlReportRenderer.Render(report);
        var parser = new HtmlParser();
        var errorsSeen = new List<string>();
        parser.Error += (_, e) => { if (e is AngleSharp.Html.Dom.Events.HtmlErrorEvent h) errorsSeen.Add($"{h.Position.Line}:{h.Position.Column} {h.Message}"); };
        var document = parser.ParseDocument(html);
        Assert.True(errorsSeen.Count == 0, string.Join("\n", errorsSeen));

        Assert.Equal(HtmlReportRenderer.ContentSecurityPolicy, document.QuerySelector("meta[http-equiv='Content-Security-Policy']")?.GetAttribute("content"));
        Assert.Empty(document.QuerySelectorAll("script, link, iframe, object, embed, img, video, audio, source"));
        Assert.DoesNotContain("url(", html);
        Assert.DoesNotContain("@import", html);
        Assert.DoesNotContain("@font-face", html);
        Assert.All(document.QuerySelectorAll("[href], [src]"), e => Assert.Fail($"external reference: {e.OuterHtml}"));

        var policies = document.QuerySelectorAll("table.grid thead th.pol").Length;
        var clients = document.QuerySelectorAll("table.grid tr.row").Length;
        Assert.Equal(report.Grid.Policies.Count, policies);
        Assert.Equal(ClientIds.Length, clients);
        Assert.Equal(clients * policies, document.QuerySelectorAll("table.grid td.cell").Length);
        Assert.True(policies > 20, $"--all-policies gave {policies} columns");
        // Every refusal is told in words too: its cell's title and a line of the details row under it.
        foreach (var refused in document.QuerySelectorAll("table.grid td.no"))
        {
            Assert.Contains("refused by", refused.GetAttribute("title"));
            Assert.Equal("why", refused.ParentElement!.NextElementSibling?.ClassName);
        }
        Assert.Contains("★ recommended", document.QuerySelector("#scan")!.TextContent);
    }

    [Fact]
    public void Grid_json_matches_the_golden_file()
    {
        var (exit, output, error) = CliRunner.Run("simulate", "--grid", "--json", "--policy", "ELBSecurityPolicy-TLS13-1-2-2021-06",
            "-c", "java-6u45", "-c", "curl", "-c", "ie-11-win7", "-c", "android-442");
        Assert.True(exit == ExitCodes.Ok, error);
        Golden.Check("grid.json", output);
    }

    [Fact]
    public void The_terminal_grid_fits_100_columns_and_names_wide_policies_in_a_legend()
    {
        var writer = new StringWriter();
        var cells = CompatibilityGrid.Build(ClientProfiles.Common.Select(p => p.Offer).ToList(),
            CompatibilityGrid.Columns(null, null, [], PolicyRecommender.PoliciesFor(PolicyCatalog.All, "aws", "ALB")),
            [CertificateKind.Rsa]);
        TlsDoctor.Cli.Rendering.GridRenderer.Render(TlsDoctor.Cli.Rendering.ConsoleFactory.For(writer, 100), cells);
        var lines = writer.ToString().Split('\n');
        Assert.All(lines, l => Assert.True(l.TrimEnd().Length <= 100, $"{l.Length} columns: {l}"));
        Assert.Contains(lines, l => l.StartsWith("  A  ELBSecurityPolicy-", StringComparison.Ordinal));
        Assert.Equal(ClientProfiles.Common.Count * cells.Policies.Count, cells.Cells.Count);
    }

    [Theory]
    [InlineData("not json at all", "is not a 'tlsdoctor scan --json' document")]
    [InlineData("{\"schema\":\"tlsdoctor.probe/1\"}", "is not a 'tlsdoctor scan --json' document of one endpoint")]
    [InlineData("[1,2,3]", "is not a 'tlsdoctor scan --json' document")]
    public void A_file_that_is_not_a_scan_is_a_usage_error_in_one_sentence(string content, string message)
    {
        var input = Path.GetTempFileName();
        var output = Path.Combine(Path.GetTempPath(), $"tlsdoctor-report-{Guid.NewGuid():N}.html");
        try
        {
            File.WriteAllText(input, content);
            var (exit, _, error) = CliRunner.Run("report", "--scan", input, "-o", output);
            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Contains(message, error);
            Assert.DoesNotContain("   at ", error);
            Assert.False(File.Exists(output));
        }
        finally { File.Delete(input); }
    }

    /// <summary>
    /// Hostile input: the fixture with a span cut out, a value replaced by null, true, a number or a string, or a byte
    /// changed. Reading either fails with a usage error or gives a scan the whole report pipeline renders.
    /// </summary>
    [Fact]
    public void A_damaged_scan_is_a_usage_error_or_a_report_never_a_crash()
    {
        var original = File.ReadAllText(ScanFixture);
        var replacements = new[] { "null", "true", "-1", "\"\"", "[]", "{}", "\"0xFFFF\"", "\"TLSv9\"", "[null]" };
        var offers = new[] { ClientProfiles.Get("java-6u45")!.Offer, ClientProfiles.Get("curl")!.Offer };
        var gen = from start in Gen.Int[0, original.Length - 1]
                  from length in Gen.Int[1, 40]
                  from kind in Gen.Int[0, replacements.Length + 1]
                  select kind switch
                  {
                      0 => original.Remove(start, Math.Min(length, original.Length - start)),
                      1 => original[..start] + (char)('!' + length) + original[(start + 1)..],
                      _ => original[..start] + replacements[kind - 2] + original[Math.Min(original.Length, start + length)..],
                  };
        var input = Path.GetTempFileName();
        try
        {
            gen.Sample(text =>
            {
                File.WriteAllText(input, text);
                ScanResult scan;
                try { scan = ReportCommand.ReadScan(input); }
                catch (UsageException) { return; }
                var outcome = ReportCommand.FromScanAsync(scan, offers, "ALB", CancellationToken.None).GetAwaiter().GetResult();
                if (outcome.Report is not { } diagnosis) return;
                var report = ReportBuilder.Build(diagnosis, "ALB", new ReportOptions { GeneratedAt = Fixed });
                Assert.NotEmpty(HtmlReportRenderer.Render(report));
                Assert.NotEmpty(MarkdownReportRenderer.Render(report));
            }, iter: 400, threads: 1);
        }
        finally { File.Delete(input); }
    }

    [Fact]
    public void A_scan_larger_than_the_bound_is_refused_before_it_is_parsed()
    {
        var input = Path.GetTempFileName();
        try
        {
            using (var f = File.OpenWrite(input)) f.SetLength(InputKind.ScanDocument.MaxBytes + 1);
            var (exit, _, error) = CliRunner.Run("report", "--scan", input, "-o", Path.Combine(Path.GetTempPath(), "never.html"));
            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Contains("larger than", error);
        }
        finally { File.Delete(input); }
    }

    [Fact]
    public void Report_writes_markdown_from_a_saved_scan_and_exits_1_when_clients_fail()
    {
        var output = Path.Combine(Path.GetTempPath(), $"tlsdoctor-report-{Guid.NewGuid():N}.md");
        try
        {
            var before = File.ReadAllBytes(ScanFixture);
            var (exit, stdout, error) = CliRunner.Run("report", "--scan", ScanFixture, "-c", "java-6u45", "-c", "curl", "-o", output);
            Assert.True(exit == ExitCodes.Findings, error);
            Assert.Contains("1 of 2 clients fail", stdout);
            Assert.StartsWith("# TLS report: `127.0.0.1:23743`", File.ReadAllText(output));
            Assert.Equal(before, File.ReadAllBytes(ScanFixture));
        }
        finally { File.Delete(output); }
    }

    /// <summary>Generated ALB connection logs whose true counts the generator knows: the chart holds every failure, hour by hour.</summary>
    [Fact]
    public void The_logs_section_charts_every_failure_the_logs_hold()
    {
        using var files = new TlsDoctor.Tests.Logs.LogTestFiles();
        var generator = new LogGenerator(7) { FailureRate = 0.1 };
        files.Write("2025-03-01", "conn_log.123456789012_elasticloadbalancing_us-east-2_app.my-lb.1234567890abcdef_20250301T0005Z_10.0.1.15_abcd1.log",
            w => generator.Write("alb-connection", w, 3000));
        var output = Path.Combine(Path.GetTempPath(), $"tlsdoctor-report-{Guid.NewGuid():N}.html");
        try
        {
            var (exit, _, error) = CliRunner.Run("report", "--scan", ScanFixture, "-c", "java-6u45", "-c", "curl", "--logs", files.Root, "-o", output);
            Assert.True(exit == ExitCodes.Findings, error);
            var document = new HtmlParser().ParseDocument(File.ReadAllText(output));
            var section = document.QuerySelector("#logs");
            Assert.NotNull(section);
            Assert.Contains($"{generator.Truth.Connections:N0} TLS connections", section!.TextContent);
            var bars = section.QuerySelectorAll("svg.chart rect").Select(r => long.Parse(r.TextContent.Split(": ")[1].Split(' ')[0])).ToList();
            Assert.True(generator.Truth.Failed > 100, $"{generator.Truth.Failed} failures generated");
            Assert.Equal(generator.Truth.Failed, bars.Sum());
            Assert.Equal(generator.Truth.FailedByHour.Count(h => h.Value > 0), bars.Count(b => b > 0));
            Assert.Contains("If the listener had", section.TextContent);
        }
        finally { File.Delete(output); }
    }

    [Fact]
    public void Logs_summary_html_is_the_logs_section_alone_and_parses_cleanly()
    {
        using var files = new TlsDoctor.Tests.Logs.LogTestFiles();
        var generator = new LogGenerator(5) { FailureRate = 0.1 };
        files.Write("2025-03-01", "conn_log.123456789012_elasticloadbalancing_us-east-2_app.my-lb.1234567890abcdef_20250301T0005Z_10.0.1.15_abcd1.log",
            w => generator.Write("alb-connection", w, 1500));
        var output = Path.Combine(Path.GetTempPath(), $"tlsdoctor-logs-{Guid.NewGuid():N}.html");
        try
        {
            var (exit, _, error) = CliRunner.Run("logs", "summary", files.Root, "--html", output);
            Assert.True(exit == ExitCodes.Ok, error);
            Assert.Contains($"of {generator.Truth.Connections:N0} TLS connections failed", error);
            var parser = new HtmlParser();
            var problems = new List<string>();
            parser.Error += (_, e) => { if (e is AngleSharp.Html.Dom.Events.HtmlErrorEvent h) problems.Add($"{h.Position.Line}:{h.Position.Column} {h.Message}"); };
            var document = parser.ParseDocument(File.ReadAllText(output));
            Assert.True(problems.Count == 0, string.Join("\n", problems));
            Assert.Equal(HtmlReportRenderer.ContentSecurityPolicy, document.QuerySelector("meta[http-equiv='Content-Security-Policy']")?.GetAttribute("content"));
            Assert.Equal(generator.Truth.Failed, document.QuerySelectorAll("#logs svg.chart rect").Sum(r => long.Parse(r.TextContent.Split(": ")[1].Split(' ')[0])));
            Assert.Null(document.QuerySelector("#grid"));
        }
        finally { File.Delete(output); }
    }

    [Fact]
    public void Quiet_hours_between_failures_are_charted_as_zeros_and_long_spans_are_not_filled()
    {
        static ReportLogs With(params (string Hour, long Count)[] hours) => new(new TlsDoctor.Logs.LogSummary
        {
            Scan = new TlsDoctor.Logs.LogScanStats { Files = 1, Lines = 1, Malformed = 0, MalformedExamples = [], Skipped = [], FilesByFormat = new Dictionary<string, int>() },
            Connections = 10, Failed = hours.Sum(h => h.Count), ByProtocol = new Dictionary<string, long>(), ByCipher = new Dictionary<string, long>(),
            ByKeyExchange = new Dictionary<string, long>(), PostQuantum = 0, ByListener = new Dictionary<string, long>(), FailedByClient = [],
            FailedByHour = hours.Select(h => new TlsDoctor.Logs.HourCount(h.Hour, h.Count)).ToList(), FailedByServerName = new Dictionary<string, long>(),
            FailedByClientAlert = new Dictionary<string, long>(),
        }, null);

        var filled = With(("2025-03-01T22:00Z", 3), ("2025-03-02T01:00Z", 5)).FailedHours();
        Assert.Equal(["2025-03-01T22:00Z", "2025-03-01T23:00Z", "2025-03-02T00:00Z", "2025-03-02T01:00Z"], filled.Select(h => h.Hour));
        Assert.Equal([3L, 0, 0, 5], filled.Select(h => h.Count));
        Assert.Equal(2, With(("2024-03-01T22:00Z", 3), ("2025-03-02T01:00Z", 5)).FailedHours().Count);
    }

    /// <summary>--listener with the AWS CLI's saved JSON (the documented samples): the policy is the listener's, the scan still shown.</summary>
    [Fact]
    public void The_listener_policy_from_aws_replaces_identification()
    {
        string[] saved = ["--from-file", RepoPaths.SharedReference("aws/api-samples/cli-json/elbv2-describe-load-balancers.json"),
            "--from-file", RepoPaths.SharedReference("aws/api-samples/cli-json/elbv2-describe-listeners.json")];
        var output = Path.Combine(Path.GetTempPath(), $"tlsdoctor-report-{Guid.NewGuid():N}.md");
        try
        {
            var (exit, _, error) = CliRunner.Run(["report", "--scan", ScanFixture, "--listener", "my-load-balancer:443", .. saved, "-c", "java-6u45", "-o", output]);
            Assert.True(exit == ExitCodes.Ok, error);   // ELBSecurityPolicy-2015-05 admits Java 6u45 (TLS 1.0)
            var text = File.ReadAllText(output);
            Assert.Contains("| Policy | `ELBSecurityPolicy-2015-05` (from AWS: listener arn:aws:elasticloadbalancing:us-west-2:123456789012:listener/app/my-load-balancer/", text);
            Assert.Contains("## What the endpoint accepts", text);

            var http = CliRunner.Run(["report", "--scan", ScanFixture, "--listener", "my-load-balancer:80", .. saved, "-o", output]);
            Assert.Equal(ExitCodes.Usage, http.Exit);
            Assert.Contains("HTTP is not TLS", http.Err);
        }
        finally { File.Delete(output); }
    }

    [Fact]
    public void Report_needs_exactly_one_source()
    {
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("report", "-o", "x.html").Exit);
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("report", "-t", "127.0.0.1:1", "--scan", ScanFixture, "-o", "x.html").Exit);
    }
}
