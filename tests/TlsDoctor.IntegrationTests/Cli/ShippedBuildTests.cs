using System.Text.Json.Nodes;
using TlsDoctor.IntegrationTests.Servers;
using TlsDoctor.Negotiation;
using Xunit;

namespace TlsDoctor.IntegrationTests.Cli;

/// <summary>
/// The build `./tlsdoctor` ships (a native executable where a C compiler is there, else ReadyToRun) against the
/// in-process command line the other tests exercise: same arguments, same exit code and same output. Native AOT
/// compiles ahead of time and without reflection, so what works under the JIT is not taken for granted there.
/// </summary>
public sealed class ShippedBuildTests(ShippedBuildTests.Build build) : IClassFixture<ShippedBuildTests.Build>
{
    /// <summary>Builds (when stale) and locates the shipped build once per run, through ./tlsdoctor itself.</summary>
    public sealed class Build : IAsyncLifetime
    {
        public string Kind { get; private set; } = "";
        private string[] _command = [];

        public async Task InitializeAsync()
        {
            var script = RepoPaths.Repo("tlsdoctor");
            // A deadline, not a speed limit: the native build takes about a minute on an idle machine, many on a busy one.
            var built = await ProcessRunner.RunAsync("bash", [script, "--version"], TimeSpan.FromMinutes(30));
            Assert.True(built.ExitCode == 0, "./tlsdoctor --version failed: " + built.Output);
            Kind = File.ReadAllText(RepoPaths.Repo(".build/cli/.built")).Trim();
            _command = Kind == "aot" ? [RepoPaths.Repo(".build/cli/tlsdoctor")] : ["dotnet", RepoPaths.Repo(".build/cli/tlsdoctor.dll")];
        }

        public Task DisposeAsync() => Task.CompletedTask;

        public Task<ProcessResult> RunAsync(params string[] args) =>
            ProcessRunner.RunAsync(_command[0], [.. _command.Skip(1), .. args], TimeSpan.FromSeconds(60));
    }

    private async Task AssertSameAsync(params string[] args)
    {
        var shipped = await build.RunAsync(args);
        var inProcess = CliRunner.Run(args);
        Assert.False(shipped.TimedOut);
        Assert.True(inProcess.Exit == shipped.ExitCode, $"{string.Join(' ', args)}: exit {shipped.ExitCode} ({build.Kind} build) vs {inProcess.Exit} in process\n{shipped.StandardError}");
        Assert.Equal(inProcess.Out, shipped.StandardOutput);
        Assert.Equal(inProcess.Err, shipped.StandardError);
    }

    [Fact]
    public async Task Version_is_the_projects()
    {
        var version = System.Text.RegularExpressions.Regex.Match(File.ReadAllText(RepoPaths.Repo("Directory.Build.props")), "<Version>([^<]+)</Version>").Groups[1].Value;
        var shipped = await build.RunAsync("--version");
        Assert.Equal(0, shipped.ExitCode);
        var lines = shipped.StandardOutput.Trim().Split('\n');
        Assert.Equal($"tlsdoctor {version}", lines[0]);
        Assert.Equal(build.Kind == "aot" ? "build: native" : "build: ReadyToRun", lines[1]);
        Assert.Matches(@"^policy catalog: \d+ policies of \d+ providers, checked against its sources \d{4}-\d{2}-\d{2}$", lines[2]);
    }

    [Theory]
    [InlineData("ciphers", "--json")]
    [InlineData("ciphers", "--openssl", "ECDHE+AESGCM:!aNULL:@STRENGTH", "--json")]
    [InlineData("ciphers", "0xC02F")]
    [InlineData("policies", "list", "--json")]
    [InlineData("policies", "show", "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", "--json")]
    [InlineData("policies", "export", "ELBSecurityPolicy-2016-08", "--format", "haproxy")]
    [InlineData("clients", "list", "--json")]
    [InlineData("simulate", "--policy", "ELBSecurityPolicy-TLS13-1-2-2021-06", "--matrix", "--json")]
    [InlineData("recommend", "--client", "java-8u31", "--lb", "alb", "--json")]
    [InlineData("policies", "show", "ELBSecurityPolicy-2016-8")]   // usage error with suggestions
    [InlineData("scan", "not a target")]                          // usage error
    public Task Offline_commands_answer_alike(params string[] args) => AssertSameAsync(args);

    [Fact]
    public Task Hello_decode_answers_alike() =>
        AssertSameAsync("hello", "decode", "--json", File.ReadAllText(RepoPaths.Repo("tests/TlsDoctor.Tests/Capture/Fixtures/curl.clienthello.hex")).Trim());

    [Fact]
    public async Task Capture_from_a_pcap_answers_alike()
    {
        var dir = Directory.CreateTempSubdirectory("tlsdoctor-shipped-");
        try
        {
            string[] Args(string db) => ["capture", "--pcap", RepoPaths.Repo("tests/TlsDoctor.Tests/Capture/Fixtures/curl.pcap"), "--db", Path.Combine(dir.FullName, db), "--json"];
            var shipped = await build.RunAsync(Args("a.db"));
            var inProcess = CliRunner.Run(Args("b.db"));
            Assert.Equal(0, shipped.ExitCode);
            Assert.Equal(inProcess.Exit, shipped.ExitCode);
            Assert.NotEmpty(shipped.StandardOutput.Trim());
            Assert.Equal(inProcess.Out, shipped.StandardOutput);
            // The SQLite store works too: report reads back what capture wrote.
            var report = await build.RunAsync("capture", "report", "--db", Path.Combine(dir.FullName, "a.db"), "--json");
            var reportInProcess = CliRunner.Run("capture", "report", "--db", Path.Combine(dir.FullName, "b.db"), "--json");
            Assert.Equal(0, report.ExitCode);
            Assert.Equal(Strip(reportInProcess.Out, "database"), Strip(report.StandardOutput, "database"));
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public async Task Scan_of_a_real_server_answers_alike()
    {
        await using var server = await OpenSslServer.StartAsync(CertificateKind.Rsa, "-cipher", "ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA", "-tls1_2");
        string[] args = ["scan", $"127.0.0.1:{server.Port}", "--sni", "localhost", "--json"];
        var shipped = await build.RunAsync(args);
        var inProcess = CliRunner.Run(args);
        Assert.Equal(0, shipped.ExitCode);
        Assert.Equal(inProcess.Exit, shipped.ExitCode);
        Assert.Contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", shipped.StandardOutput);
        Assert.Equal(Strip(inProcess.Out, "stats"), Strip(shipped.StandardOutput, "stats"));
    }

    /// <summary>
    /// openssl s_server serves one connection at a time in the order they were opened. The shipped build's timing is where
    /// connections opened ahead once held it (about one scan in six stalled for 5 s and lost the suites of a chain):
    /// every scan must find everything without waiting out the timeout.
    /// </summary>
    [Fact]
    public async Task Scans_of_a_serial_server_never_wait_out_a_timeout()
    {
        const string ciphers = "DEFAULT:!PSK:!SRP";
        await using var server = await OpenSslServer.StartAsync(CertificateKind.Rsa, "-cipher", ciphers);
        var expected = Scanning.ScanHelper.Usable(await Scanning.ScanHelper.ExpandAsync(ciphers), TlsDoctor.Registry.TlsVersion.Tls12, "rsa")
            .Select(TlsDoctor.Registry.Codepoint.Format).Order().ToList();
        for (var run = 0; run < 15; run++)
        {
            var shipped = await build.RunAsync("scan", $"127.0.0.1:{server.Port}", "--sni", "localhost", "--json", "--timeout", "20");
            Assert.Equal(0, shipped.ExitCode);
            var scan = JsonNode.Parse(shipped.StandardOutput)!;
            // A probe that waits out its timeout makes the scan last at least that long (20 s, far above a scan on a busy machine).
            var ms = scan["stats"]!["durationMs"]!.GetValue<long>();
            Assert.True(ms < 20_000, $"run {run}: {ms} ms, a probe waited out a timeout");
            var tls12 = scan["protocols"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "TLSv1.2")!["ciphers"]!.AsArray()
                .Select(c => c!["code"]!.GetValue<string>()).Order().ToList();
            Assert.Equal(expected, tls12);
        }
    }

    /// <summary>A JSON document (or JSON Lines) without the named properties, wherever they are (timings, clock times).</summary>
    private static string Strip(string json, params string[] names)
    {
        static void Remove(JsonNode? node, string[] names)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var n in names) o.Remove(n);
                    foreach (var (_, child) in o) Remove(child, names);
                    break;
                case JsonArray a:
                    foreach (var child in a) Remove(child, names);
                    break;
            }
        }
        string One(string text)
        {
            var node = JsonNode.Parse(text);
            Remove(node, names);
            return node!.ToJsonString();
        }
        try { return One(json); }
        catch (System.Text.Json.JsonException) { return string.Join('\n', json.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(One)); }
    }
}
