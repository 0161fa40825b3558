using System.Text.Json;
using TlsDoctor.IntegrationTests.Servers;

namespace TlsDoctor.IntegrationTests.Aws;

/// <summary>
/// The AWS CLI v2 (Debian package awscli, /usr/bin/aws) as a second, independent client of the local Query endpoint:
/// its requests must pass the endpoint's SigV4 check too, and `tlsdoctor aws … --from-file` over the JSON it saves
/// must answer exactly as the live call does.
/// </summary>
[Collection(AwsEnvironmentCollection.Name)]
public sealed class AwsCliPeerTests
{
    // The Debian package's v2 CLI; another `aws` on PATH (a v1 from pip) is not the peer meant here.
    private const string AwsCli = "/usr/bin/aws";

    [Fact]
    public async Task FromFileWithTheAwsCliJsonAnswersAsTheLiveCall()
    {
        await using var server = AwsScenario.Start();
        ServeMetrics(server);
        using var env = AwsScenario.Environment(server);
        env.Set("AWS_PAGER", "");
        var folder = Directory.CreateTempSubdirectory("tlsdoctor-awscli-").FullName;
        try
        {
            var files = new List<string>();
            async Task<JsonElement> Save(string name, params string[] args)
            {
                var result = await ProcessRunner.RunAsync(AwsCli, [.. args, "--endpoint-url", server.Url, "--region", AwsScenario.Region, "--output", "json"],
                    TimeSpan.FromMinutes(5));
                Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', args)}: {result.Output}");
                var path = Path.Combine(folder, name);
                File.WriteAllText(path, result.StandardOutput);
                files.Add(path);
                return JsonDocument.Parse(result.StandardOutput).RootElement;
            }

            var loadBalancers = await Save("elbv2-lbs.json", "elbv2", "describe-load-balancers");
            Assert.Equal(2, loadBalancers.GetProperty("LoadBalancers").GetArrayLength());   // the CLI followed NextMarker
            await Save("alb-listeners.json", "elbv2", "describe-listeners", "--load-balancer-arn", AwsScenario.AlbArn);
            await Save("nlb-listeners.json", "elbv2", "describe-listeners", "--load-balancer-arn", AwsScenario.NlbArn);
            await Save("elb-lbs.json", "elb", "describe-load-balancers");
            await Save("elb-policies.json", "elb", "describe-load-balancer-policies", "--load-balancer-name", "my-classic-lb", "--policy-names", "my-SSLNegotiation-policy");
            await Save("ssl-policies.json", "elbv2", "describe-ssl-policies");
            var queries = Path.Combine(folder, "queries.json");
            File.WriteAllText(queries, MetricQueries);
            var end = DateTimeOffset.UtcNow;
            await Save("metrics.json", "cloudwatch", "get-metric-data", "--metric-data-queries", "file://" + queries,
                "--start-time", end.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ssZ"), "--end-time", end.ToString("yyyy-MM-ddTHH:mm:ssZ"));

            // Every request the CLI sent carried a signature the endpoint's independent check accepts.
            var fromCli = server.Requests.Where(r => r.Headers.TryGetValue("user-agent", out var ua) && ua.Contains("aws-cli/2")).ToList();
            Assert.True(fromCli.Count >= 8, $"{fromCli.Count} requests from the AWS CLI");
            Assert.All(fromCli, r => Assert.True(r.Signature.IsValid, $"{r.Action}: {r.Signature.Reason}"));
            Assert.Contains(fromCli, r => r.Action == "GetMetricData" && r.Version == "2010-08-01" && r.Signature.Service == "monitoring");

            string[] fromFile = [.. files.SelectMany(f => new[] { "--from-file", f })];
            foreach (var command in new[] { new[] { "aws", "listeners", "--json" }, ["aws", "listeners", "--json", "--all"], ["aws", "audit", "--json"],
                         ["aws", "policies", "--json"], ["aws", "metrics", "--json"], ["aws", "listeners"] })
            {
                var live = CliRunner.Run(command);
                var saved = CliRunner.Run([.. command, .. fromFile]);
                Assert.True(live.Exit == 0, $"{string.Join(' ', command)}: {live.Err}");
                Assert.Equal(live.Exit, saved.Exit);
                Assert.Equal(live.Out, saved.Out);
                Assert.Equal("", saved.Err);
            }
            var metrics = JsonDocument.Parse(CliRunner.Run(["aws", "metrics", "--json", .. fromFile]).Out).RootElement.GetProperty("metrics");
            Assert.Contains(metrics.EnumerateArray(), m => m.GetProperty("total").GetDouble() == 42);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task TheAwsCliSeesTheSameErrorsFromTheEndpoint()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        env.Set("AWS_PAGER", "");
        server.On("DescribeLoadBalancers", _ => AwsQueryServer.Sample("error-elb-AccessDenied.xml", 403));
        var result = await ProcessRunner.RunAsync(AwsCli, ["elb", "describe-load-balancers", "--endpoint-url", server.Url, "--region", AwsScenario.Region],
            TimeSpan.FromMinutes(5));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("AccessDenied", result.StandardError);
        var ours = CliRunner.Run("aws", "listeners");
        Assert.Contains("elasticloadbalancing:DescribeLoadBalancers", ours.Err);
    }

    // The queries `tlsdoctor aws metrics` sends (docs/aws.md), as the AWS CLI takes them.
    private const string MetricQueries = """
        [
          {"Id": "m0", "Label": "app/my-load-balancer/50dc6c495c0c9188 ClientTLSNegotiationErrorCount", "MetricStat": {"Metric": {"Namespace": "AWS/ApplicationELB", "MetricName": "ClientTLSNegotiationErrorCount", "Dimensions": [{"Name": "LoadBalancer", "Value": "app/my-load-balancer/50dc6c495c0c9188"}]}, "Period": 3600, "Stat": "Sum"}},
          {"Id": "m1", "Label": "app/my-load-balancer/50dc6c495c0c9188 TargetTLSNegotiationErrorCount", "MetricStat": {"Metric": {"Namespace": "AWS/ApplicationELB", "MetricName": "TargetTLSNegotiationErrorCount", "Dimensions": [{"Name": "LoadBalancer", "Value": "app/my-load-balancer/50dc6c495c0c9188"}]}, "Period": 3600, "Stat": "Sum"}},
          {"Id": "m2", "Label": "net/my-network-loadbalancer/c6e77e28c25b2234 ClientTLSNegotiationErrorCount", "MetricStat": {"Metric": {"Namespace": "AWS/NetworkELB", "MetricName": "ClientTLSNegotiationErrorCount", "Dimensions": [{"Name": "LoadBalancer", "Value": "net/my-network-loadbalancer/c6e77e28c25b2234"}]}, "Period": 3600, "Stat": "Sum"}},
          {"Id": "m3", "Label": "net/my-network-loadbalancer/c6e77e28c25b2234 TargetTLSNegotiationErrorCount", "MetricStat": {"Metric": {"Namespace": "AWS/NetworkELB", "MetricName": "TargetTLSNegotiationErrorCount", "Dimensions": [{"Name": "LoadBalancer", "Value": "net/my-network-loadbalancer/c6e77e28c25b2234"}]}, "Period": 3600, "Stat": "Sum"}}
        ]
        """;

    /// <summary>Two hourly datapoints (12 and 30) for the ALB's client metric, found by its label; nothing for the rest.</summary>
    private static void ServeMetrics(AwsQueryServer server) => server.On("GetMetricData", r =>
    {
        var label = r.Form.FirstOrDefault(p => p.Value == "app/my-load-balancer/50dc6c495c0c9188 ClientTLSNegotiationErrorCount").Key;
        var results = label is null ? "" : $"""
            <member><Id>{r.Get(label.Replace(".Label", ".Id"))}</Id><Label>{r.Get(label)}</Label>
            <Timestamps><member>2026-12-01T01:00:00Z</member><member>2026-12-01T02:00:00Z</member></Timestamps>
            <Values><member>12.0</member><member>30.0</member></Values><StatusCode>Complete</StatusCode></member>
            """;
        return new(200, $"""
            <GetMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><GetMetricDataResult>
            <MetricDataResults>{results}</MetricDataResults><Messages/></GetMetricDataResult>
            <ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000002</RequestId></ResponseMetadata></GetMetricDataResponse>
            """);
    });

    /// <summary>
    /// The AWS CLI commands `recommend --lb clb` prints for its custom policy, run by the AWS CLI, send the same
    /// CreateLoadBalancerPolicy and SetLoadBalancerPoliciesOfListener requests as `aws set-policy --custom` does.
    /// </summary>
    [Fact]
    public async Task TheCustomPolicyCommandsSendWhatSetPolicyCustomSends()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        env.Set("AWS_PAGER", "");
        var recommended = JsonDocument.Parse(CliRunner.Run("recommend", "--lb", "clb", "-c", "java-6u45", "-c", "ie-8-xp", "--json").Out).RootElement.GetProperty("clbCustomPolicy");
        foreach (var command in recommended.GetProperty("commands").EnumerateArray().Select(c => c.GetString()!))
        {
            var words = command.Replace("LOAD_BALANCER_NAME", "my-classic-lb").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("aws", words[0]);
            var result = await ProcessRunner.RunAsync(AwsCli, [.. words.Skip(1), "--endpoint-url", server.Url, "--region", AwsScenario.Region], TimeSpan.FromMinutes(5));
            Assert.True(result.ExitCode == 0, $"{command}: {result.Output}");
        }
        var cli = server.Requests.Where(r => r.Action is "CreateLoadBalancerPolicy" or "SetLoadBalancerPoliciesOfListener").ToList();
        Assert.Equal(2, cli.Count);
        Assert.All(cli, r => Assert.True(r.Signature.IsValid, r.Signature.Reason));

        var ours = CliRunner.Run("aws", "set-policy", "--listener", "my-classic-lb:443", "--custom", recommended.GetProperty("spec").GetString()!, "--yes");
        Assert.True(ours.Exit == 0, ours.Err);
        var mine = server.Requests.Where(r => r.Action is "CreateLoadBalancerPolicy" or "SetLoadBalancerPoliciesOfListener").Skip(2).ToList();
        Assert.Equal(cli.Select(r => (r.Action, r.Version)), mine.Select(r => (r.Action, r.Version)));
        for (var i = 0; i < cli.Count; i++) Assert.Equal(cli[i].Parameters, mine[i].Parameters);
    }
}
