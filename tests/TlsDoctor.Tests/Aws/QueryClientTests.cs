using System.Net;
using System.Net.Sockets;
using TlsDoctor.Aws;

namespace TlsDoctor.Tests.Aws;

/// <summary>The Query client against <see cref="AwsQueryServer"/>: what it sends (checked by the server, SigV4 included) and what it makes of each answer.</summary>
[Collection(AwsEnvironmentCollection.Name)]
public sealed class QueryClientTests
{
    private static readonly QueryClientOptions Fast = new() { BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(20), JitterSeed = 1 };

    private static AwsLiveSource Source(AwsQueryServer server, QueryClientOptions? options = null) =>
        new(new QueryClient(AwsSession.Resolve(new(Region: AwsScenario.Region, EndpointUrl: server.Url)).Session!, options ?? Fast));

    private static async Task<AwsError> Fails(Func<Task> call) => (await Assert.ThrowsAsync<AwsException>(call)).Error;

    [Fact]
    public async Task EveryRequestIsSignedAndNamesItsActionAndVersion()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        var source = Source(server);
        var v2 = await source.ElbV2LoadBalancersAsync(CancellationToken.None);
        var classic = await source.ClassicLoadBalancersAsync(CancellationToken.None);

        Assert.Equal(["my-load-balancer", "my-network-loadbalancer"], v2.Select(l => l.Name));
        Assert.Equal(["application", "network"], v2.Select(l => l.Type));
        Assert.Equal("app/my-load-balancer/50dc6c495c0c9188", v2[0].MetricDimension);
        Assert.Equal("my-classic-lb", Assert.Single(classic).Name);
        Assert.Equal(["HTTP", "HTTPS"], classic[0].ClassicListeners.Select(l => l.Protocol));

        var requests = server.Requests;
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.True(r.Signature.IsValid, r.Signature.Reason);
            Assert.Equal((AwsScenario.AccessKey, "us-west-2", "elasticloadbalancing"), (r.Signature.AccessKey, r.Signature.Region, r.Signature.Service));
            Assert.Contains("x-amz-security-token", r.Signature.SignedHeaders);
            Assert.Equal(AwsScenario.SessionToken, r.Headers["x-amz-security-token"]);
            Assert.Equal(("POST", "/"), (r.Method, r.Path));
            Assert.StartsWith("application/x-www-form-urlencoded", r.Headers["content-type"]);
        });
        Assert.Equal(["DescribeLoadBalancers@2015-12-01", "DescribeLoadBalancers@2015-12-01", "DescribeLoadBalancers@2012-06-01"],
            requests.Select(r => $"{r.Action}@{r.Version}"));
        Assert.Equal(["PageSize=400"], requests[0].Parameters);
        Assert.Equal(["Marker=page-2", "PageSize=400"], requests[1].Parameters);
    }

    [Fact]
    public async Task ServerRejectsAWrongSecretAsAWSDoes()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        env.Set("AWS_SECRET_ACCESS_KEY", "not-the-secret");
        var error = await Fails(() => Source(server).ElbV2LoadBalancersAsync(CancellationToken.None));
        Assert.Equal(AwsErrorKind.ExpiredCredentials, error.Kind);
        Assert.Equal("SignatureDoesNotMatch", error.Code);
        Assert.False(Assert.Single(server.Requests).Signature.IsValid);
    }

    [Fact]
    public async Task PaginationFollowsEveryMarker()
    {
        await using var server = new AwsQueryServer((AwsScenario.AccessKey, AwsScenario.SecretKey));
        using var env = AwsScenario.Environment(server);
        // Four pages of the documented DescribeSSLPolicies sample, each with the next page's marker.
        server.On("DescribeSSLPolicies", r =>
        {
            var page = r.Get("Marker") is { } m ? int.Parse(m[1..]) : 0;
            return AwsScenario.Edit("elbv2-DescribeSSLPolicies-paged.response.xml",
                ("<Name>ELBSecurityPolicy-TLS13-1-3-2021-06</Name>", $"<Name>Policy-{page}</Name>"),
                ("<NextMarker>EXAMPLEMARKER-opaque-string</NextMarker>", page < 3 ? $"<NextMarker>p{page + 1}</NextMarker>" : ""));
        });
        var policies = await Source(server).SslPoliciesAsync([], CancellationToken.None);
        Assert.Equal(["Policy-0", "Policy-1", "Policy-2", "Policy-3"], policies.Select(p => p.Name));
        Assert.Equal([null, "p1", "p2", "p3"], server.Requests.Select(r => r.Get("Marker")));
        Assert.Equal(["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"], policies[0].Ciphers);
    }

    [Fact]
    public async Task ARepeatedMarkerStopsInsteadOfLooping()
    {
        await using var server = new AwsQueryServer((AwsScenario.AccessKey, AwsScenario.SecretKey));
        using var env = AwsScenario.Environment(server);
        server.OnSample("DescribeSSLPolicies", "elbv2-DescribeSSLPolicies-paged.response.xml");
        var error = await Fails(() => Source(server).SslPoliciesAsync([], CancellationToken.None));
        Assert.Contains("repeated", error.Message);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task ThrottlingThenSuccessRetriesWithAFreshSignature()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        var calls = 0;
        server.On("DescribeLoadBalancerPolicies", _ => ++calls <= 2
            ? AwsQueryServer.Sample("error-elbv2-Throttling.xml", 400)
            : AwsQueryServer.Sample("elb-DescribeLoadBalancerPolicies.response.xml"));
        var policies = await Source(server).ClassicPoliciesAsync("my-classic-lb", ["my-SSLNegotiation-policy"], CancellationToken.None);
        Assert.Equal("ELBSecurityPolicy-2016-08", Assert.Single(policies).Reference);
        var requests = server.Requests;
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.True(r.Signature.IsValid));
        Assert.All(requests, r => Assert.Equal(["LoadBalancerName=my-classic-lb", "PolicyNames.member.1=my-SSLNegotiation-policy"], r.Parameters));
    }

    [Fact]
    public async Task ThrottlingAfterEveryRetryIsItsOwnError()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        server.On("DescribeLoadBalancers", _ => AwsQueryServer.Sample("error-elbv2-Throttling.xml", 400));
        var error = await Fails(() => Source(server, Fast with { MaxAttempts = 3 }).ElbV2LoadBalancersAsync(CancellationToken.None));
        Assert.Equal(AwsErrorKind.Throttled, error.Kind);
        Assert.Contains("3 attempts", error.Message);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task AccessDeniedNamesTheMissingAction()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        server.On("DescribeLoadBalancers", _ => AwsQueryServer.Sample("error-elb-AccessDenied.xml", 403));
        var error = await Fails(() => Source(server).ClassicLoadBalancersAsync(CancellationToken.None));
        Assert.Equal(AwsErrorKind.AccessDenied, error.Kind);
        Assert.Equal("elasticloadbalancing:DescribeLoadBalancers", error.Action);
        Assert.Contains("elasticloadbalancing:DescribeLoadBalancers", error.Message);
        Assert.Single(server.Requests);

        server.On("GetMetricData", _ => new(403, AwsQueryServer.Sample("error-elb-AccessDenied.xml").Body));
        var metrics = await Fails(() => Source(server).MetricDataAsync([new("m0", "AWS/ApplicationELB", "ClientTLSNegotiationErrorCount", "app/x/1", TimeSpan.FromHours(1))],
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1), CancellationToken.None));
        Assert.Equal("cloudwatch:GetMetricData", metrics.Action);
    }

    [Theory]
    [InlineData("error-elb-LoadBalancerNotFound.xml", "LoadBalancerNotFound")]
    [InlineData("error-elbv2-ListenerNotFound.xml", "ListenerNotFound")]
    [InlineData("error-elbv2-SSLPolicyNotFound.xml", "SSLPolicyNotFound")]
    [InlineData("error-elb-PolicyNotFound.xml", "PolicyNotFound")]
    public async Task UnknownResourcesAreNotFound(string sample, string code)
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        server.On("DescribeListeners", _ => AwsQueryServer.Sample(sample, 400));
        var error = await Fails(() => Source(server).ListenersAsync("arn:aws:elasticloadbalancing:us-west-2:1:loadbalancer/app/x/1", CancellationToken.None));
        Assert.Equal((AwsErrorKind.NotFound, code), (error.Kind, error.Code));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task ValidationErrorIsARejection()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        server.On("DescribeLoadBalancers", _ => AwsQueryServer.Sample("error-elbv2-ValidationError.xml", 400));
        var error = await Fails(() => Source(server).ElbV2LoadBalancersAsync(CancellationToken.None));
        Assert.Equal((AwsErrorKind.Rejected, "ValidationError"), (error.Kind, error.Code));
    }

    [Theory]
    [InlineData("ExpiredToken", "expired")]
    [InlineData("InvalidClientTokenId", "rejected the credentials")]
    public async Task RejectedCredentialsAreOneSentence(string code, string phrase)
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        server.On("DescribeLoadBalancers", _ => AwsQueryServer.Error(code, "The security token included in the request is expired", 403));
        var error = await Fails(() => Source(server).ElbV2LoadBalancersAsync(CancellationToken.None));
        Assert.Equal(AwsErrorKind.ExpiredCredentials, error.Kind);
        Assert.Contains(phrase, error.Message);
        Assert.DoesNotContain(AwsScenario.SecretKey, error.Message);
    }

    [Fact]
    public async Task MissingCredentialsSendNothing()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        env.Set("AWS_ACCESS_KEY_ID", null);
        env.Set("AWS_SECRET_ACCESS_KEY", null);
        var error = await Fails(() => Source(server).ElbV2LoadBalancersAsync(CancellationToken.None));
        Assert.Equal(AwsErrorKind.MissingCredentials, error.Kind);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task ServerFaultsAreRetriedThenReported()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        var calls = 0;
        server.On("DescribeListeners", _ => ++calls == 1 ? new(503, "<html>busy</html>") : AwsQueryServer.Sample("elbv2-DescribeListeners.response.xml"));
        var listeners = await Source(server).ListenersAsync(AwsScenario.AlbArn, CancellationToken.None);
        Assert.Equal([443, 80], listeners.Select(l => l.Port));
        Assert.Equal(2, server.Requests.Count);

        server.On("DescribeListeners", _ => AwsQueryServer.Error("InternalFailure", "oops", 500));
        var error = await Fails(() => Source(server, Fast with { MaxAttempts = 2 }).ListenersAsync(AwsScenario.AlbArn, CancellationToken.None));
        Assert.Equal(AwsErrorKind.Unreachable, error.Kind);
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task AnAnswerThatIsNotTheApiIsNotRetriedOrTrusted()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        server.On("DescribeLoadBalancers", _ => new(200, "<html><body>captive portal</body></html>"));
        var error = await Fails(() => Source(server).ElbV2LoadBalancersAsync(CancellationToken.None));
        Assert.Equal(AwsErrorKind.Unreachable, error.Kind);
        Assert.Contains("not the AWS API", error.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task AnUnreachableEndpointIsReportedAfterRetries()
    {
        // A port nobody listens on: bind, note, close.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var env = new AwsEnvironment(("AWS_ACCESS_KEY_ID", AwsScenario.AccessKey), ("AWS_SECRET_ACCESS_KEY", AwsScenario.SecretKey));
        var session = AwsSession.Resolve(new(Region: "us-west-2", EndpointUrl: $"http://127.0.0.1:{port}")).Session!;
        var lines = new List<string>();
        using var client = new QueryClient(session, Fast with { MaxAttempts = 2, Trace = lines.Add });
        var error = await Fails(() => new AwsLiveSource(client).ElbV2LoadBalancersAsync(CancellationToken.None));
        Assert.Equal(AwsErrorKind.Unreachable, error.Kind);
        Assert.Contains("connection refused", error.Message);
        Assert.Contains("2 attempts", error.Message);
        Assert.Equal(2, lines.Count);
    }

    [Fact]
    public async Task MetricDataFollowsNextTokenAndMergesEachSeries()
    {
        await using var server = new AwsQueryServer((AwsScenario.AccessKey, AwsScenario.SecretKey));
        using var env = AwsScenario.Environment(server);
        server.On("GetMetricData", r => new(200, r.Get("NextToken") is null
            ? MetricPage(("m0", "2026-12-01T01:00:00Z", "12.0"), "token-2")
            : MetricPage(("m0", "2026-12-01T02:00:00Z", "3.0"), null)));
        var queries = new AwsMetricQuery[] { new("m0", "AWS/ApplicationELB", "ClientTLSNegotiationErrorCount", "app/my-load-balancer/50dc6c495c0c9188", TimeSpan.FromHours(1)) };
        var start = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var series = Assert.Single(await Source(server).MetricDataAsync(queries, start, start.AddDays(1), CancellationToken.None));
        Assert.Equal([12.0, 3.0], series.Datapoints.Select(d => d.Value));
        var first = server.Requests[0];
        Assert.Equal(("GetMetricData", "2010-08-01", "monitoring"), (first.Action, first.Version, first.Signature.Service));
        Assert.Equal([
            "EndTime=2026-12-02T00:00:00Z",
            "MetricDataQueries.member.1.Id=m0",
            "MetricDataQueries.member.1.Label=app/my-load-balancer/50dc6c495c0c9188 ClientTLSNegotiationErrorCount",
            "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name=LoadBalancer",
            "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value=app/my-load-balancer/50dc6c495c0c9188",
            "MetricDataQueries.member.1.MetricStat.Metric.MetricName=ClientTLSNegotiationErrorCount",
            "MetricDataQueries.member.1.MetricStat.Metric.Namespace=AWS/ApplicationELB",
            "MetricDataQueries.member.1.MetricStat.Period=3600",
            "MetricDataQueries.member.1.MetricStat.Stat=Sum",
            "ScanBy=TimestampAscending",
            "StartTime=2026-12-01T00:00:00Z",
        ], first.Parameters);
        Assert.Equal("token-2", server.Requests[1].Get("NextToken"));
    }

    [Fact]
    public void HmacMatchesRfc4231()
    {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        var mac = SigV4Verifier.Hmac("Jefe"u8.ToArray(), "what do ya want for nothing?");
        Assert.Equal("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", Convert.ToHexString(mac).ToLowerInvariant());
    }

    /// <summary>A GetMetricData page in the shape of metrics.md §4.</summary>
    public static string MetricPage((string Id, string Time, string Value) point, string? nextToken) =>
        $"""
        <GetMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
          <GetMetricDataResult>
            <MetricDataResults><member><Id>{point.Id}</Id><Label>label</Label>
              <Timestamps><member>{point.Time}</member></Timestamps><Values><member>{point.Value}</member></Values>
              <StatusCode>{(nextToken is null ? "Complete" : "PartialData")}</StatusCode></member></MetricDataResults>
            <Messages/>{(nextToken is null ? "" : $"<NextToken>{nextToken}</NextToken>")}
          </GetMetricDataResult>
          <ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000001</RequestId></ResponseMetadata>
        </GetMetricDataResponse>
        """;
}
