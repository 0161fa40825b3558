using System.Text.Json;
using TlsDoctor.Cli;
using TlsDoctor.Emulator;
using TlsDoctor.IntegrationTests.Emulator;
using TlsDoctor.Policies;

namespace TlsDoctor.IntegrationTests.Aws;

/// <summary>
/// `diagnose --listener` with its scan: the local AWS endpoint describes the NLB listener, and our emulator on
/// 127.0.0.1 stands in for the load balancer, enforcing a policy with real handshakes. When both say the same the scan
/// agrees; when the server enforces another policy than AWS reports, the diagnosis says so and the live answers show it.
/// </summary>
[Collection(AwsEnvironmentCollection.Name)]
public sealed class DiagnoseListenerScanTests
{
    private static void AnswerAcmRsa(AwsQueryServer server) => server.On("DescribeCertificate", _ => AwsQueryServer.Json(
        """{"Certificate":{"CertificateArn":"arn:aws:acm:us-east-2:123456789012:certificate/2a108f19-aded-46b0-8493-c63eb1ef4a99","KeyAlgorithm":"RSA_2048"}}"""));

    [Fact]
    public async Task TheScanOfTheListenersDnsNameAgreesWithItsAwsPolicy()
    {
        var policy = PolicyCatalog.Get("ELBSecurityPolicy-TLS13-1-2-2021-06")!;
        await using var emulator = await new RunningEmulator { Policy = policy, Analyzer = new SimulatorHelloAnalyzer() }.StartAsync();
        await using var server = AwsScenario.Start();
        AwsScenario.ServeNlbAt(server, "127.0.0.1", emulator.Port);
        AnswerAcmRsa(server);
        using var env = AwsScenario.Environment(server);

        var (exit, stdout, stderr) = await Task.Run(() => CliRunner.Run("diagnose", "--listener", AwsScenario.NlbTlsListenerArn, "-c", "java-6u45", "-c", "java-1102", "--json"));

        Assert.True(exit == ExitCodes.Findings, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(("aws", policy.Name), (root.GetProperty("policySource").GetString(), root.GetProperty("policy").GetString()));
        Assert.Equal($"127.0.0.1:{emulator.Port}", root.GetProperty("address").GetString());
        Assert.True(root.GetProperty("scanAgreesWithPolicy").GetBoolean(), stdout);
        Assert.Empty(root.GetProperty("scanDifferences").EnumerateArray());
        Assert.Equal(["rsa"], root.GetProperty("certificates").EnumerateArray().Select(c => c.GetString()));
        var clients = root.GetProperty("clients").EnumerateArray().ToList();
        Assert.All(clients, c => Assert.True(c.GetProperty("predictionConfirmed").GetBoolean(), c.ToString()));
        Assert.Equal(["refused", "agreed"], clients.Select(c => c.GetProperty("outcome").GetString()));
        // The refusal the diagnosis explains is the one the server logged for Java 6's real hello.
        Assert.Contains(emulator.Records, r => r.Outcome == ConnectionOutcome.Refused && r.Reason == clients[0].GetProperty("reason").GetString());
        Assert.StartsWith($"aws elbv2 modify-listener --listener-arn {AwsScenario.NlbTlsListenerArn} ", root.GetProperty("fix").GetProperty("commands")[0].GetString());
    }

    [Fact]
    public async Task AServerEnforcingAnotherPolicyThanAwsReportsIsCalledOut()
    {
        // AWS says TLS 1.2+; the address answers with a policy that still takes TLS 1.0.
        var served = PolicyCatalog.Get("ELBSecurityPolicy-2016-08")!;
        await using var emulator = await new RunningEmulator { Policy = served, Analyzer = new SimulatorHelloAnalyzer() }.StartAsync();
        await using var server = AwsScenario.Start();
        AnswerAcmRsa(server);
        using var env = AwsScenario.Environment(server);

        // The address to scan is named on the command line (a tunnel, a private address), not the DNS name AWS gives.
        var (exit, stdout, stderr) = await Task.Run(() => CliRunner.Run("diagnose", emulator.Address, "--listener", AwsScenario.NlbTlsListenerArn, "-c", "java-6u45", "--json"));

        Assert.True(exit == ExitCodes.Ok, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(("aws", "ELBSecurityPolicy-TLS13-1-2-2021-06"), (root.GetProperty("policySource").GetString(), root.GetProperty("policy").GetString()));
        Assert.False(root.GetProperty("scanAgreesWithPolicy").GetBoolean());
        var differences = root.GetProperty("scanDifferences").EnumerateArray().Select(d => d.GetString()!).ToList();
        Assert.Contains(differences, d => d.StartsWith('+') && d.Contains("TLS") && d.Contains("1.0"));
        Assert.Contains(root.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("disagrees with the policy AWS reports") && n.GetString()!.Contains(AwsScenario.NlbTlsListenerArn));
        // Java 6 is predicted refused by the AWS policy, yet the server let it in: the prediction is not confirmed.
        var java = Assert.Single(root.GetProperty("clients").EnumerateArray());
        Assert.False(java.GetProperty("predictionConfirmed").GetBoolean());
        Assert.Contains(emulator.Records, r => r.Outcome != ConnectionOutcome.Refused);

        // The terminal rendering says it too.
        var (_, text, _) = await Task.Run(() => CliRunner.Run("diagnose", emulator.Address, "--listener", AwsScenario.NlbTlsListenerArn, "-c", "java-6u45"));
        Assert.Contains("DISAGREES", text);
    }
}
