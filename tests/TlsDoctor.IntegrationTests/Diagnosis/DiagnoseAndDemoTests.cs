using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using TlsDoctor.Cli;
using TlsDoctor.Emulator;
using TlsDoctor.IntegrationTests.Emulator;
using TlsDoctor.Policies;

namespace TlsDoctor.IntegrationTests.Diagnosis;

/// <summary>`diagnose` against a served policy: the scan identifies it, and each client's reason matches what the emulator logged for that client's real hello.</summary>
public sealed class DiagnoseAndDemoTests
{
    [Fact]
    public async Task Diagnose_IdentifiesTheServedPolicy_AndItsReasonsMatchTheEmulatorsLog()
    {
        var policy = PolicyCatalog.Get("ELBSecurityPolicy-TLS13-1-2-2021-06")!;
        await using var server = await new RunningEmulator { Policy = policy, Analyzer = new SimulatorHelloAnalyzer() }.StartAsync();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await Task.Run(() => CommandLineApp.Run(["diagnose", server.Address, "-c", "java-6u45", "-c", "ie-11-win7", "-c", "android-442", "--json"], stdout, stderr));

        Assert.Equal(ExitCodes.Findings, exit);
        using var json = JsonDocument.Parse(stdout.ToString());
        var root = json.RootElement;
        Assert.Equal(policy.Name, root.GetProperty("policy").GetString());
        Assert.Equal("identified", root.GetProperty("policySource").GetString());
        var refusedInLog = server.Records.Where(r => r.Outcome == ConnectionOutcome.Refused).Select(r => r.Reason).ToList();
        foreach (var client in root.GetProperty("clients").EnumerateArray())
        {
            Assert.True(client.GetProperty("predictionConfirmed").GetBoolean(), client.ToString());
            if (client.GetProperty("outcome").GetString() == "refused")
                Assert.Contains(client.GetProperty("reason").GetString(), refusedInLog);
        }
        Assert.Contains(root.GetProperty("clients").EnumerateArray(), c => c.GetProperty("reason").ValueKind == JsonValueKind.String && c.GetProperty("reason").GetString() == "no-shared-protocol");
        Assert.StartsWith("aws elbv2 modify-listener", root.GetProperty("fix").GetProperty("commands")[0].GetString());
    }

    [Fact]
    public async Task Diagnose_TakesItsClientsFromACaptureDatabase()
    {
        // Two real clients recorded from packet captures: OpenSSL 3 offering TLS 1.0 only, and curl (TLS 1.2/1.3).
        var db = Path.Combine(Path.GetTempPath(), $"tlsdoctor-diagnose-{Guid.NewGuid():N}.db");
        try
        {
            var (captureExit, _, captureError) = CliRunner.Run("capture", "--pcap",
                RepoPaths.SharedReference("clients/captured/openssl-s_client-tls1-seclevel0.pcap"),
                RepoPaths.Repo("tests/TlsDoctor.Tests/Capture/Fixtures/curl.pcap"), "--db", db);
            Assert.True(captureExit == 0, captureError);

            var policy = PolicyCatalog.Get("ELBSecurityPolicy-TLS13-1-2-2021-06")!;
            await using var server = await new RunningEmulator { Policy = policy, Analyzer = new SimulatorHelloAnalyzer() }.StartAsync();
            var (exit, output, error) = await Task.Run(() => CliRunner.Run("diagnose", server.Address, "--capture", db, "--json"));

            Assert.True(exit == ExitCodes.Findings, error);
            using var json = JsonDocument.Parse(output);
            var clients = json.RootElement.GetProperty("clients").EnumerateArray().ToList();
            Assert.Equal(2, clients.Count);
            Assert.All(clients, c => Assert.True(c.GetProperty("predictionConfirmed").GetBoolean(), c.ToString()));
            Assert.Single(clients, c => c.GetProperty("outcome").GetString() == "refused"
                && c.GetProperty("reason").GetString() == "no-shared-protocol");
            Assert.Contains(server.Records, r => r.Outcome == ConnectionOutcome.Refused && r.Reason == "no-shared-protocol");
        }
        finally
        {
            foreach (var f in new[] { db, db + "-wal", db + "-shm" }) File.Delete(f);
        }
    }

    [Fact]
    public async Task Demo_TellsTheStory()
    {
        // Its speed is measured by the benchmarks, not here: a busy machine makes any time limit fail for nothing.
        var stdout = new StringWriter();
        var exit = await Task.Run(() => CommandLineApp.Run(["demo"], stdout, new StringWriter()));

        Assert.Equal(ExitCodes.Ok, exit);
        var text = stdout.ToString();
        Assert.Contains("no-shared-protocol", text);
        Assert.Contains("identified by scan", text);
        Assert.Matches(@"aws elbv2 modify-listener --listener-arn \S+ --ssl-policy ELBSecurityPolicy-", text);
        Assert.Contains("refused no-shared-protocol", text); // the emulator's own log line
        Assert.DoesNotContain("refused no-shared-cipher", text); // the scan's probes are not the clients'

        // The demo serves the catalog's current ALB console default itself (a post-quantum policy, hybrid groups and
        // all), and the scan identifies exactly that policy, not its classical counterpart.
        var consoleDefault = PolicyCatalog.All.Single(p => p.IsDefault && p.LoadBalancers.Contains("ALB")
            && p.DefaultNote!.Contains("Current console default", StringComparison.OrdinalIgnoreCase));
        Assert.Contains($"enforces {consoleDefault.Name}", text);
        Assert.Matches($@"Policy\s+{Regex.Escape(consoleDefault.Name)} \(identified by scan: exact match\)", text);
        if (consoleDefault.IsPostQuantum) Assert.Contains("Post-quantum hybrid groups", text);
        Assert.DoesNotContain("note:", text);
    }
}
