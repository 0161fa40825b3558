using System.Text.Json;
using TlsDoctor.Cli;
using TlsDoctor.Cli.Commands;

namespace TlsDoctor.Tests.Aws;

/// <summary>The `tlsdoctor aws` commands in-process against <see cref="AwsScenario"/>'s local endpoint.</summary>
[Collection(AwsEnvironmentCollection.Name)]
public sealed class AwsCommandTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public async Task ListenersShowsEveryTlsListenerWithItsPolicy()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        var (exit, stdout, stderr) = CliRunner.Run("aws", "listeners", "--json");
        Assert.True(exit == 0, stderr);
        var listeners = Json(stdout).GetProperty("listeners").EnumerateArray().ToList();
        Assert.Equal(["my-load-balancer:443:HTTPS", "my-network-loadbalancer:443:TLS", "my-classic-lb:443:HTTPS"],
            listeners.Select(l => $"{l.GetProperty("loadBalancer").GetString()}:{l.GetProperty("port").GetInt32()}:{l.GetProperty("protocol").GetString()}"));

        var alb = listeners[0];
        Assert.Equal("application", alb.GetProperty("type").GetString());
        Assert.Equal(AwsScenario.AlbHttpsListenerArn, alb.GetProperty("listenerArn").GetString());
        Assert.Equal("ELBSecurityPolicy-2015-05", alb.GetProperty("policy").GetString());
        Assert.True(alb.GetProperty("policyKnown").GetBoolean());
        Assert.Equal(["TLSv1", "TLSv1.1", "TLSv1.2"], alb.GetProperty("protocols").EnumerateArray().Select(p => p.GetString()));
        Assert.Contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", alb.GetProperty("ciphers").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["arn:aws:iam::123456789012:server-certificate/my-server-cert"], alb.GetProperty("certificates").EnumerateArray().Select(c => c.GetString()));

        var nlb = listeners[1];
        Assert.Equal(("network", "ELBSecurityPolicy-TLS13-1-2-2021-06"), (nlb.GetProperty("type").GetString(), nlb.GetProperty("policy").GetString()));
        Assert.Equal(["TLSv1.2", "TLSv1.3"], nlb.GetProperty("protocols").EnumerateArray().Select(p => p.GetString()));

        // The Classic listener's custom policy, expanded from its attributes.
        var clb = listeners[2];
        Assert.Equal(("classic", "my-SSLNegotiation-policy", false), (clb.GetProperty("type").GetString(), clb.GetProperty("policy").GetString(), clb.GetProperty("policyKnown").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, clb.GetProperty("listenerArn").ValueKind);
        Assert.Equal(["TLSv1", "TLSv1.1", "TLSv1.2"], clb.GetProperty("protocols").EnumerateArray().Select(p => p.GetString()));
        var clbCiphers = clb.GetProperty("ciphers").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Equal(18, clbCiphers.Count);
        Assert.Contains("TLS_RSA_WITH_AES_256_CBC_SHA", clbCiphers);
        Assert.DoesNotContain("TLS_DHE_RSA_WITH_AES_128_CBC_SHA", clbCiphers);

        var policies = Assert.Single(server.RequestsFor("DescribeLoadBalancerPolicies"));
        Assert.Equal(["LoadBalancerName=my-classic-lb", "PolicyNames.member.1=my-SSLNegotiation-policy"], policies.Parameters);
        Assert.Equal([null, "EXAMPLEMARKER-opaque-string"], server.RequestsFor("DescribeListeners").Where(r => r.Get("LoadBalancerArn") == AwsScenario.NlbArn).Select(r => r.Get("Marker")));
    }

    [Fact]
    public async Task ListenersWithAllShowsPlainListenersWithoutPolicy()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        var (exit, stdout, _) = CliRunner.Run("aws", "listeners", "--all", "--json", "--load-balancer", "my-load-balancer");
        Assert.Equal(0, exit);
        var listeners = Json(stdout).GetProperty("listeners").EnumerateArray().ToList();
        Assert.Equal([80, 443], listeners.Select(l => l.GetProperty("port").GetInt32()));
        Assert.Equal(JsonValueKind.Null, listeners[0].GetProperty("policy").ValueKind);
        Assert.Empty(server.RequestsFor("DescribeLoadBalancerPolicies"));
    }

    [Fact]
    public async Task ListenersTerminalOutputNamesEachPolicy()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        var (exit, stdout, _) = CliRunner.Run("aws", "listeners");
        Assert.Equal(0, exit);
        Assert.Contains("ELBSecurityPolicy-2015-05", stdout);
        Assert.Contains("my-SSLNegotiation-policy", stdout);
        Assert.Contains("ELBSecurityPolicy-2016-08", stdout);
        Assert.Contains("TLSv1 TLSv1.1 TLSv1.2", stdout);
        Assert.DoesNotContain("\u001b[", stdout);
    }

    [Fact]
    public async Task MetricsSumsEachLoadBalancerAndZeroWithoutDatapoints()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        server.On("GetMetricData", r =>
        {
            // Datapoints for the ALB's client metric only; the rest are absent, as CloudWatch leaves zero periods out.
            var id = r.Form.First(p => p.Value == "app/my-load-balancer/50dc6c495c0c9188 ClientTLSNegotiationErrorCount").Key.Replace("Label", "Id");
            var query = r.Get(id)!;
            var hour = DateTimeOffset.UtcNow.AddHours(-3);
            var t1 = new DateTimeOffset(hour.Year, hour.Month, hour.Day, hour.Hour, 0, 0, TimeSpan.Zero);
            return new(200, $"""
                <GetMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><GetMetricDataResult><MetricDataResults>
                <member><Id>{query}</Id><Label>x</Label><Timestamps><member>{t1:yyyy-MM-ddTHH:mm:ssZ}</member><member>{t1.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}</member></Timestamps>
                <Values><member>12.0</member><member>30.0</member></Values><StatusCode>Complete</StatusCode></member>
                </MetricDataResults><Messages/></GetMetricDataResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetMetricDataResponse>
                """);
        });
        var (exit, stdout, stderr) = CliRunner.Run("aws", "metrics", "--json", "--since", "24h");
        Assert.True(exit == 0, stderr);
        var metrics = Json(stdout).GetProperty("metrics").EnumerateArray().ToList();
        Assert.Equal(4, metrics.Count);
        var client = metrics.Single(m => m.GetProperty("loadBalancer").GetString() == "my-load-balancer" && m.GetProperty("metric").GetString() == "ClientTLSNegotiationErrorCount");
        Assert.Equal(42, client.GetProperty("total").GetDouble());
        Assert.Equal([12.0, 30.0], client.GetProperty("datapoints").EnumerateArray().Select(d => d.GetProperty("value").GetDouble()));
        Assert.All(metrics.Where(m => !ReferenceEquals(m, client) && m.GetProperty("total").GetDouble() != 42), m =>
        {
            Assert.Equal(0, m.GetProperty("total").GetDouble());
            Assert.Empty(m.GetProperty("datapoints").EnumerateArray());
        });
        var request = Assert.Single(server.RequestsFor("GetMetricData"));
        Assert.Equal("AWS/NetworkELB", request.Form.First(p => p.Value == "net/my-network-loadbalancer/c6e77e28c25b2234").Key is var k
            ? request.Get(k.Replace("Dimensions.member.1.Value", "Namespace")) : null);

        var (_, text, _) = CliRunner.Run("aws", "metrics", "--since", "24h", "--load-balancer", "my-load-balancer");
        Assert.Contains("peak 30 at", text);
        Assert.Contains("no errors", text);
    }

    [Fact]
    public async Task PoliciesComparesAwsWithTheCatalog()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        server.On("DescribeSSLPolicies", _ => AwsScenario.Edit("elbv2-DescribeSSLPolicies.response.xml",
            ("<Name>ELBSecurityPolicy-TLS13-1-2-2021-06</Name>", "<Name>ELBSecurityPolicy-TLS13-1-2-2099-01</Name>")));
        var (exit, stdout, stderr) = CliRunner.Run("aws", "policies", "--json");
        Assert.True(exit == 0, stderr);
        var policies = Json(stdout).GetProperty("policies").EnumerateArray().ToList();
        var renamed = Assert.Single(policies, p => p.GetProperty("name").GetString() == "ELBSecurityPolicy-TLS13-1-2-2099-01");
        Assert.False(renamed.GetProperty("inCatalog").GetBoolean());
        Assert.Equal(["LoadBalancerType"], server.RequestsFor("DescribeSSLPolicies").SelectMany(r => r.Parameters).Where(p => p.StartsWith("LoadBalancerType")).DefaultIfEmpty("LoadBalancerType").Distinct());
    }

    [Fact]
    public async Task SetPolicyDryRunAndUnconfirmedRunsNeverWrite()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        var (dry, dryOut, _) = CliRunner.Run("aws", "set-policy", "--listener", "my-load-balancer:443", "--policy", "ELBSecurityPolicy-TLS13-1-2-2021-06", "--dry-run", "--json");
        Assert.Equal(0, dry);
        var json = Json(dryOut);
        Assert.False(json.GetProperty("applied").GetBoolean());
        Assert.Empty(json.GetProperty("requests").EnumerateArray());
        Assert.Equal("ELBSecurityPolicy-2015-05", json.GetProperty("currentPolicy").GetString());
        // TLS 1.0/1.1-only and CBC-only clients the current policy admits break under a TLS 1.2+ GCM/SHA-2 policy.
        Assert.NotEmpty(json.GetProperty("breaks").EnumerateArray());
        Assert.All(json.GetProperty("breaks").EnumerateArray(), b => Assert.NotEqual("", b.GetProperty("explanation").GetString()));

        var (unconfirmed, _, err) = CliRunner.Run("aws", "set-policy", "--listener", AwsScenario.AlbHttpsListenerArn, "--policy", "ELBSecurityPolicy-TLS13-1-2-2021-06");
        Assert.Equal(AwsExitCodes.NotConfirmed, unconfirmed);
        Assert.Contains("--yes", err);
        Assert.DoesNotContain(server.Requests, r => r.Action is "ModifyListener" or "CreateLoadBalancerPolicy" or "SetLoadBalancerPoliciesOfListener");
    }

    [Fact]
    public async Task SetPolicyWithYesSendsExactlyModifyListener()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        var (exit, stdout, stderr) = CliRunner.Run("aws", "set-policy", "--listener", "my-network-loadbalancer:443", "--policy", "ELBSecurityPolicy-TLS13-1-3-2021-06", "--yes", "--json");
        Assert.True(exit == 0, stderr);
        var json = Json(stdout);
        Assert.True(json.GetProperty("applied").GetBoolean());
        Assert.Equal(["ModifyListener"], json.GetProperty("requests").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(AwsScenario.NlbTlsListenerArn, json.GetProperty("listener").GetString());
        var write = Assert.Single(server.RequestsFor("ModifyListener"));
        Assert.Equal([$"ListenerArn={AwsScenario.NlbTlsListenerArn}", "SslPolicy=ELBSecurityPolicy-TLS13-1-3-2021-06"], write.Parameters);
        Assert.True(write.Signature.IsValid);
        Assert.DoesNotContain(server.Requests, r => r.Action is "CreateLoadBalancerPolicy" or "SetLoadBalancerPoliciesOfListener");
    }

    [Fact]
    public async Task SetPolicyOnAClassicListenerCreatesAPolicyThenSetsIt()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        var (exit, stdout, stderr) = CliRunner.Run("aws", "set-policy", "--listener", "my-classic-lb:443", "--policy", "ELBSecurityPolicy-TLS-1-2-2017-01", "--yes");
        Assert.True(exit == 0, stderr);
        Assert.Equal(["CreateLoadBalancerPolicy", "SetLoadBalancerPoliciesOfListener"],
            server.Requests.Select(r => r.Action).Where(a => a is "CreateLoadBalancerPolicy" or "SetLoadBalancerPoliciesOfListener" or "ModifyListener"));
        Assert.Equal([
            "LoadBalancerName=my-classic-lb",
            "PolicyAttributes.member.1.AttributeName=Reference-Security-Policy",
            "PolicyAttributes.member.1.AttributeValue=ELBSecurityPolicy-TLS-1-2-2017-01",
            "PolicyName=tlsdoctor-ELBSecurityPolicy-TLS-1-2-2017-01",
            "PolicyTypeName=SSLNegotiationPolicyType",
        ], Assert.Single(server.RequestsFor("CreateLoadBalancerPolicy")).Parameters);
        Assert.Equal(["LoadBalancerName=my-classic-lb", "LoadBalancerPort=443", "PolicyNames.member.1=tlsdoctor-ELBSecurityPolicy-TLS-1-2-2017-01"],
            Assert.Single(server.RequestsFor("SetLoadBalancerPoliciesOfListener")).Parameters);
        Assert.Contains("aws elb set-load-balancer-policies-of-listener --load-balancer-name my-classic-lb --load-balancer-port 443", stdout);
        Assert.Contains("aws_load_balancer_listener_policy", stdout);
        Assert.Contains("AWS::ElasticLoadBalancing::LoadBalancer", stdout);
    }

    [Theory]
    [InlineData("my-load-balancer:8443", AwsExitCodes.NotFound, "no listener on port 8443")]
    [InlineData("nobody:443", AwsExitCodes.NotFound, "'nobody'")]
    [InlineData("not-a-listener", ExitCodes.Usage, "neither a listener ARN nor NAME:PORT")]
    public async Task SetPolicyOnAnUnknownListenerIsOneSentence(string listener, int code, string phrase)
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        var (exit, stdout, stderr) = CliRunner.Run("aws", "set-policy", "--listener", listener, "--policy", "ELBSecurityPolicy-TLS13-1-2-2021-06", "--yes");
        Assert.Equal(code, exit);
        Assert.Contains(phrase, stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Equal("", stdout);
    }

    [Fact]
    public async Task SetPolicyWithAnUnknownPolicyWritesNothing()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        var (exit, _, stderr) = CliRunner.Run("aws", "set-policy", "--listener", "my-load-balancer:443", "--policy", "ELBSecurityPolicy-Nope", "--yes");
        Assert.Equal(AwsExitCodes.NotFound, exit);
        Assert.Contains("ELBSecurityPolicy-Nope", stderr);
        Assert.DoesNotContain(server.Requests, r => r.Action == "ModifyListener");
    }

    [Fact]
    public async Task AuditJudgesEachListener()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        var (exit, stdout, stderr) = CliRunner.Run("aws", "audit", "--json");
        Assert.True(exit == 0, stderr);
        var entries = Json(stdout).GetProperty("listeners").EnumerateArray().ToList();
        Assert.Equal(3, entries.Count);
        var alb = entries[0];
        Assert.True(alb.GetProperty("allowsTls10Or11").GetBoolean());
        Assert.False(alb.GetProperty("postQuantum").GetBoolean());
        var nlb = entries[1];
        Assert.False(nlb.GetProperty("allowsTls10Or11").GetBoolean());
        Assert.NotEmpty(nlb.GetProperty("refusedClients").EnumerateArray());
    }

    [Theory]
    [InlineData("error-elb-AccessDenied.xml", 403, AwsExitCodes.AccessDenied, "elasticloadbalancing:DescribeLoadBalancers")]
    [InlineData("error-elbv2-Throttling.xml", 400, AwsExitCodes.Throttled, "throttling")]
    public async Task AwsErrorsGetTheirExitCodes(string sample, int status, int code, string phrase)
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        server.On("DescribeLoadBalancers", _ => AwsQueryServer.Sample(sample, status));
        var (exit, stdout, stderr) = CliRunner.Run("aws", "listeners");
        Assert.Equal(code, exit);
        Assert.Contains(phrase, stderr);
        Assert.Equal("", stdout);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public void NoRegionAndNoCredentialsGetTheirExitCodes()
    {
        using (var env = new AwsEnvironment(("AWS_ACCESS_KEY_ID", "AKID"), ("AWS_SECRET_ACCESS_KEY", "s")))
        {
            var (exit, _, stderr) = CliRunner.Run("aws", "listeners");
            Assert.Equal(AwsExitCodes.NoRegion, exit);
            Assert.Contains("region", stderr);
        }
        using (var env = new AwsEnvironment(("AWS_REGION", "us-west-2"), ("AWS_ENDPOINT_URL", "http://127.0.0.1:9")))
        {
            var (exit, _, stderr) = CliRunner.Run("aws", "audit");
            Assert.Equal(AwsExitCodes.Credentials, exit);
            Assert.Contains("credentials", stderr);
        }
    }

    [Fact]
    public async Task VerboseRunsNeverPrintTheSecretOrTheToken()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        var runs = new[]
        {
            CliRunner.Run("aws", "listeners", "--verbose"),
            CliRunner.Run("aws", "audit", "--verbose", "--json"),
            CliRunner.Run("aws", "set-policy", "--listener", "my-classic-lb:443", "--policy", "ELBSecurityPolicy-TLS-1-2-2017-01", "--yes", "--verbose"),
        };
        server.On("DescribeLoadBalancers", _ => AwsQueryServer.Sample("error-elb-AccessDenied.xml", 403));
        var failing = CliRunner.Run("aws", "listeners", "--verbose");
        var printed = string.Concat(runs.Append(failing).Select(r => r.Out + r.Err));
        Assert.Contains("aws: POST", printed);
        Assert.Contains("DescribeLoadBalancerPolicies", printed);
        foreach (var secret in new[] { AwsScenario.SecretKey, AwsScenario.SessionToken, "Signature=", "AWS4-HMAC-SHA256", Uri.EscapeDataString(AwsScenario.SecretKey) })
            Assert.DoesNotContain(secret, printed);
        // Nor any of the signatures the server received.
        foreach (var r in server.Requests)
            Assert.DoesNotContain(r.Headers["authorization"].Split("Signature=")[1], printed);
    }

    [Fact]
    public async Task WebIdentityCredentialsComeFromStsAsTheAwsCliGetsThem()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        var token = Path.Combine(env.Folder, "web-identity-token");
        File.WriteAllText(token, "eyJhbGciOiJSUzI1NiJ9.test.token");
        env.Set("AWS_ACCESS_KEY_ID", null);
        env.Set("AWS_SECRET_ACCESS_KEY", null);
        env.Set("AWS_SESSION_TOKEN", null);
        env.Set("AWS_WEB_IDENTITY_TOKEN_FILE", token);
        env.Set("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/tlsdoctor-reader");
        env.Set("AWS_ROLE_SESSION_NAME", "tlsdoctor-test");
        server.AllowUnsigned("AssumeRoleWithWebIdentity");
        server.On("AssumeRoleWithWebIdentity", r => new(200, $"""
            <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult>
            <Credentials><AccessKeyId>{AwsScenario.AccessKey}</AccessKeyId><SecretAccessKey>{AwsScenario.SecretKey}</SecretAccessKey>
            <SessionToken>{AwsScenario.SessionToken}</SessionToken><Expiration>{DateTime.UtcNow.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}</Expiration></Credentials>
            <SubjectFromWebIdentityToken>test</SubjectFromWebIdentityToken>
            <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/tlsdoctor-reader/tlsdoctor-test</Arn><AssumedRoleId>AROAEXAMPLE:tlsdoctor-test</AssumedRoleId></AssumedRoleUser>
            </AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>
            """));
        var (exit, stdout, stderr) = CliRunner.Run("aws", "listeners", "--json");
        Assert.True(exit == 0, stderr);
        Assert.Contains("my-network-loadbalancer", stdout);
        var sts = Assert.Single(server.RequestsFor("AssumeRoleWithWebIdentity"));
        Assert.Equal("arn:aws:iam::123456789012:role/tlsdoctor-reader", sts.Get("RoleArn"));
        Assert.Equal("eyJhbGciOiJSUzI1NiJ9.test.token", sts.Get("WebIdentityToken"));
        Assert.All(server.Requests.Where(r => r.Action != "AssumeRoleWithWebIdentity"), r => Assert.True(r.Signature.IsValid, r.Signature.Reason));
    }
}
