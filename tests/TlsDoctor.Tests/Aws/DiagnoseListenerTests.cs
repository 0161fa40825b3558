using System.Text.Json;
using TlsDoctor.Cli;
using TlsDoctor.Cli.Commands;

namespace TlsDoctor.Tests.Aws;

/// <summary>
/// `diagnose --listener` and the --logs impact of diagnose and `aws set-policy`, in-process against
/// <see cref="AwsScenario"/>'s local endpoint (which also answers ACM DescribeCertificate in the JSON protocol).
/// With --no-scan nothing reaches the load balancer's DNS name. The scanning half runs against a real TLS server in
/// the integration tests (DiagnoseListenerScanTests).
/// </summary>
[Collection(AwsEnvironmentCollection.Name)]
public sealed class DiagnoseListenerTests
{
    private const string NlbCertificate = "arn:aws:acm:us-east-2:123456789012:certificate/2a108f19-aded-46b0-8493-c63eb1ef4a99";

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private static void AnswerAcm(AwsQueryServer server, string keyAlgorithm) =>
        server.On("DescribeCertificate", r => AwsQueryServer.Json("{\"Certificate\":{\"CertificateArn\":"
            + JsonSerializer.Serialize(JsonDocument.Parse(r.Body).RootElement.GetProperty("CertificateArn").GetString())
            + ",\"KeyAlgorithm\":\"" + keyAlgorithm + "\",\"Status\":\"ISSUED\"}}"));

    [Fact]
    public async Task NoScanTakesThePolicyFromAwsAndTheKeyTypeFromAcm()
    {
        await using var server = AwsScenario.Start();
        AnswerAcm(server, "EC_prime256v1");
        using var env = AwsScenario.Environment(server);
        var (exit, stdout, stderr) = CliRunner.Run("diagnose", "--listener", AwsScenario.NlbTlsListenerArn, "--no-scan", "-c", "java-6u45", "-c", "java-1102", "--json");

        Assert.True(exit == ExitCodes.Findings, stderr);
        var root = Json(stdout);
        Assert.Equal("aws", root.GetProperty("policySource").GetString());
        Assert.Equal("ELBSecurityPolicy-TLS13-1-2-2021-06", root.GetProperty("policy").GetString());
        Assert.Equal(AwsScenario.NlbTlsListenerArn, root.GetProperty("listener").GetString());
        Assert.Equal(["ecdsa"], root.GetProperty("certificates").EnumerateArray().Select(c => c.GetString()));
        Assert.False(root.TryGetProperty("scanAgreesWithPolicy", out _));
        var clients = root.GetProperty("clients").EnumerateArray().ToList();
        Assert.Equal(("refused", "no-shared-protocol"), (clients[0].GetProperty("outcome").GetString(), clients[0].GetProperty("reason").GetString()));
        Assert.Equal("agreed", clients[1].GetProperty("outcome").GetString());
        Assert.All(clients, c => Assert.Contains("not sent", c.GetProperty("answer").GetString()));
        // With only an ECDSA certificate no NLB policy admits Java 6 (its TLS 1.0 suites need RSA): the key type from ACM decides.
        var fix = root.GetProperty("fix");
        Assert.Equal(JsonValueKind.Null, fix.TryGetProperty("policy", out var none) ? none.ValueKind : JsonValueKind.Null);
        Assert.Empty(fix.GetProperty("commands").EnumerateArray());

        var acm = Assert.Single(server.RequestsFor("DescribeCertificate"));
        Assert.True(acm.Signature.IsValid);
        Assert.Equal("CertificateManager.DescribeCertificate", acm.Target);
        Assert.StartsWith("application/x-amz-json-1.1", acm.Headers["content-type"]);
        Assert.Equal(NlbCertificate, JsonDocument.Parse(acm.Body).RootElement.GetProperty("CertificateArn").GetString());
        Assert.Equal(("acm", AwsScenario.Region), (acm.Signature.Service, acm.Signature.Region));
        Assert.Contains("x-amz-target", acm.Signature.SignedHeaders);
        // No write, and only the calls the lookup needs.
        Assert.DoesNotContain(server.Requests, r => r.Action is "ModifyListener" or "CreateLoadBalancerPolicy" or "SetLoadBalancerPoliciesOfListener");
    }

    [Fact]
    public async Task AnRsaKeyFromAcmGetsAFixThatNamesTheRealListener()
    {
        await using var server = AwsScenario.Start();
        AnswerAcm(server, "RSA_2048");
        using var env = AwsScenario.Environment(server);
        var (exit, stdout, stderr) = CliRunner.Run("diagnose", "--listener", AwsScenario.NlbTlsListenerArn, "--no-scan", "-c", "java-6u45", "--json");
        Assert.True(exit == ExitCodes.Findings, stderr);
        var root = Json(stdout);
        Assert.Equal(["rsa"], root.GetProperty("certificates").EnumerateArray().Select(c => c.GetString()));
        // The fix names the real listener, as aws set-policy would change it.
        var fix = root.GetProperty("fix");
        Assert.Equal("NLB", fix.GetProperty("loadBalancer").GetString());
        Assert.Contains("TLS13-1-0", fix.GetProperty("policy").GetString());
        Assert.Equal($"aws elbv2 modify-listener --listener-arn {AwsScenario.NlbTlsListenerArn} --ssl-policy {fix.GetProperty("policy").GetString()}",
            fix.GetProperty("commands")[0].GetString());
    }

    [Fact]
    public async Task AcmAccessDeniedFallsBackWithANoteNamingTheAction()
    {
        await using var server = AwsScenario.Start();
        server.On("DescribeCertificate", _ => AwsQueryServer.JsonError("AccessDeniedException",
            "User: arn:aws:iam::123456789012:user/x is not authorized to perform: acm:DescribeCertificate"));
        using var env = AwsScenario.Environment(server);
        var (exit, stdout, stderr) = CliRunner.Run("diagnose", "--listener", AwsScenario.NlbTlsListenerArn, "--no-scan", "-c", "java-1102", "--json");

        Assert.True(exit == ExitCodes.Ok, stderr);
        var root = Json(stdout);
        Assert.Equal(["rsa"], root.GetProperty("certificates").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains(root.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("acm:DescribeCertificate") && n.GetString()!.Contains("RSA is assumed"));
        // AccessDenied is not retried.
        Assert.Single(server.RequestsFor("DescribeCertificate"));
    }

    [Fact]
    public async Task AnIamServerCertificateIsNotSentToAcm()
    {
        await using var server = AwsScenario.Start();
        AnswerAcm(server, "EC_prime256v1");
        using var env = AwsScenario.Environment(server);
        var (exit, stdout, stderr) = CliRunner.Run("diagnose", "--listener", "my-load-balancer:443", "--no-scan", "-c", "java-1102", "--json");
        Assert.True(exit == ExitCodes.Ok, stderr);
        var root = Json(stdout);
        Assert.Equal(("ELBSecurityPolicy-2015-05", AwsScenario.AlbHttpsListenerArn), (root.GetProperty("policy").GetString(), root.GetProperty("listener").GetString()));
        Assert.Empty(server.RequestsFor("DescribeCertificate"));
        Assert.Contains(root.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("not an ACM certificate"));
    }

    [Theory]
    [InlineData(new[] { "--listener", "my-load-balancer:80", "--no-scan" }, ExitCodes.Usage, "does not terminate TLS")]
    [InlineData(new[] { "--listener", "my-load-balancer:8443", "--no-scan" }, AwsExitCodes.NotFound, "no listener on port 8443")]
    [InlineData(new[] { "--listener", "nobody:443", "--no-scan" }, AwsExitCodes.NotFound, "No load balancer named 'nobody'")]
    [InlineData(new[] { "--no-scan", "127.0.0.1:1" }, ExitCodes.Usage, "--no-scan goes with --listener")]
    [InlineData(new[] { "--listener", "my-load-balancer:443", "--policy", "ELBSecurityPolicy-2016-08" }, ExitCodes.Usage, "not both")]
    [InlineData(new string[0], ExitCodes.Usage, "needs a TARGET")]
    public async Task BadListenersAndOptionsAreOneSentence(string[] args, int code, string phrase)
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        var (exit, stdout, stderr) = CliRunner.Run(["diagnose", .. args]);
        Assert.Equal(code, exit);
        Assert.Contains(phrase, stderr);
        // Besides the progress lines ("… looking up listener"), one sentence.
        Assert.Single(stderr.Trim().Split('\n'), l => !l.StartsWith('…'));
        Assert.Equal("", stdout);
    }

    /// <summary>An ALB connection log whose true counts are known: 3 TLSv1.2 GCM connections from 2 clients, 2 TLSv1.0 CBC connections from 1 client, 1 failure.</summary>
    private static string WriteLog()
    {
        var folder = Directory.CreateTempSubdirectory("tlsdoctor-diagnose-logs-").FullName;
        var path = Path.Combine(folder, "conn_log.log");
        File.WriteAllLines(path,
        [
            "2025-03-01T12:00:00.100000Z 203.0.113.10 51234 443 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 0.004 \"-\" - - Success TID_00000000000000000000000000000011",
            "2025-03-01T12:00:00.200000Z 203.0.113.10 51235 443 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 0.004 \"-\" - - Success TID_00000000000000000000000000000012",
            "2025-03-01T12:00:00.300000Z 203.0.113.11 51236 443 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 0.004 \"-\" - - Success TID_00000000000000000000000000000013",
            "2025-03-01T12:00:01.450000Z 198.51.100.23 40522 443 TLSv1 ECDHE-RSA-AES128-SHA 0.011 \"-\" - - Success TID_00000000000000000000000000000014",
            "2025-03-01T12:00:02.450000Z 198.51.100.23 40523 443 TLSv1 ECDHE-RSA-AES128-SHA 0.011 \"-\" - - Success TID_00000000000000000000000000000015",
            "2025-03-01T12:00:05.000000Z 198.51.100.7 40001 443 - - - \"-\" - - Failed:UnmappedConnectionError TID_00000000000000000000000000000016",
        ]);
        return folder;
    }

    [Fact]
    public async Task DiagnoseLogsChecksTheCurrentPolicyWhenNoChangeIsNeeded()
    {
        var folder = WriteLog();
        try
        {
            await using var server = AwsScenario.Start();
            AnswerAcm(server, "RSA_2048");
            using var env = AwsScenario.Environment(server);
            var (exit, stdout, stderr) = CliRunner.Run("diagnose", "--listener", AwsScenario.NlbTlsListenerArn, "--no-scan", "-c", "java-1102", "--logs", folder, "--json");

            Assert.True(exit == ExitCodes.Ok, stderr);
            var root = Json(stdout);
            var logs = root.GetProperty("logs");
            Assert.Equal("tlsdoctor.logs-what-if/1", logs.GetProperty("schema").GetString());
            Assert.Equal("ELBSecurityPolicy-TLS13-1-2-2021-06", logs.GetProperty("policy").GetString());
            Assert.Equal((5, 2, 1), (logs.GetProperty("connections").GetInt64(), logs.GetProperty("atRisk").GetInt64(), logs.GetProperty("atRiskClients").GetInt64()));
            var pair = Assert.Single(logs.GetProperty("pairs").EnumerateArray());
            Assert.Equal(("TLSv1.0", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"), (pair.GetProperty("protocol").GetString(), pair.GetProperty("cipher").GetString()));
            Assert.Contains(root.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("2 of the logs' 5 TLS connections") && n.GetString()!.Contains("does not enforce"));

            var (_, text, _) = CliRunner.Run("diagnose", "--listener", AwsScenario.NlbTlsListenerArn, "--no-scan", "-c", "java-1102", "--logs", folder);
            Assert.Contains("logs: 2 × TLSv1.0 TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA (1 client)", text);

            // The same what-if `logs what-if` answers (one implementation).
            var (_, whatIf, _) = CliRunner.Run("logs", "what-if", "--policy", "ELBSecurityPolicy-TLS13-1-2-2021-06", folder, "--json");
            Assert.Equal(JsonSerializer.Serialize(Json(whatIf).GetProperty("pairs")), JsonSerializer.Serialize(logs.GetProperty("pairs")));
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public async Task DiagnoseLogsChecksTheRecommendedPolicy()
    {
        var folder = WriteLog();
        try
        {
            await using var server = AwsScenario.Start();
            AnswerAcm(server, "RSA_2048");
            using var env = AwsScenario.Environment(server);
            var (exit, stdout, stderr) = CliRunner.Run("diagnose", "--listener", AwsScenario.NlbTlsListenerArn, "--no-scan", "-c", "java-6u45", "--logs", folder, "--json");
            Assert.True(exit == ExitCodes.Findings, stderr);
            var root = Json(stdout);
            var recommended = root.GetProperty("fix").GetProperty("policy").GetString();
            Assert.NotNull(recommended);
            Assert.Equal(recommended, root.GetProperty("logs").GetProperty("policy").GetString());
            var (_, whatIf, _) = CliRunner.Run("logs", "what-if", "--policy", recommended!, "--lb", "nlb", folder, "--json");
            Assert.Equal(Json(whatIf).GetProperty("atRisk").GetInt64(), root.GetProperty("logs").GetProperty("atRisk").GetInt64());
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public async Task SetPolicyLogsShowsWhatTheNewPolicyPutsAtRiskAndWritesNothingOnADryRun()
    {
        var folder = WriteLog();
        try
        {
            await using var server = AwsScenario.Start();
            using var env = AwsScenario.Environment(server);
            var (exit, stdout, stderr) = CliRunner.Run("aws", "set-policy", "--listener", "my-load-balancer:443", "--policy", "ELBSecurityPolicy-TLS13-1-2-2021-06",
                "--logs", folder, "--dry-run", "--json");
            Assert.True(exit == 0, stderr);
            var logs = Json(stdout).GetProperty("logs");
            Assert.Equal((5, 2, 1), (logs.GetProperty("connections").GetInt64(), logs.GetProperty("atRisk").GetInt64(), logs.GetProperty("atRiskClients").GetInt64()));
            Assert.Equal("ELBSecurityPolicy-TLS13-1-2-2021-06", logs.GetProperty("policy").GetString());
            Assert.Empty(server.RequestsFor("ModifyListener"));

            var (_, text, _) = CliRunner.Run("aws", "set-policy", "--listener", "my-load-balancer:443", "--policy", "ELBSecurityPolicy-TLS13-1-2-2021-06", "--logs", folder, "--dry-run");
            Assert.Contains("2 of the logs' 5 TLS connections", text);
            Assert.Contains("may fail after the change", text);

            // Without logs the member is there, null (aws documents always write their members).
            var (_, plain, _) = CliRunner.Run("aws", "set-policy", "--listener", "my-load-balancer:443", "--policy", "ELBSecurityPolicy-TLS13-1-2-2021-06", "--dry-run", "--json");
            Assert.Equal(JsonValueKind.Null, Json(plain).GetProperty("logs").ValueKind);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public async Task LogsThatDoNotExistAreOneSentence()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        var (exit, _, stderr) = CliRunner.Run("aws", "set-policy", "--listener", "my-load-balancer:443", "--policy", "ELBSecurityPolicy-TLS13-1-2-2021-06",
            "--logs", "/nonexistent/logs", "--dry-run");
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("no such file or folder", stderr);
        Assert.Empty(server.Requests);
    }
}
