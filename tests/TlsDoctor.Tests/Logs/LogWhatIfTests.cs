using TlsDoctor.Logs;
using TlsDoctor.Policies;

namespace TlsDoctor.Tests.Logs;

/// <summary>Golden what-if answers on generated logs: at-risk counts and clients, user-agent confirmation, the --lb recommendation.</summary>
public class LogWhatIfTests
{
    private const string Policy = "ELBSecurityPolicy-TLS13-1-2-2021-06";

    [Theory]
    [InlineData("alb-connection")]
    [InlineData("nlb-access")]
    [InlineData("clb-access")]
    [InlineData("alb-access")]
    public void AtRiskEqualsTheGeneratorsTruth(string format)
    {
        using var files = new LogTestFiles();
        var generator = new LogGenerator(11);
        for (var i = 0; i < 4; i++) files.Write("2025-03-01", $"f{i}.log", w => generator.Write(format, w, 900));
        var result = LogWhatIf.Analyze(files.Sources(), PolicyCatalog.Get(Policy)!, new LogScanOptions { Format = LogFormats.Parse(format) });
        var truth = generator.Truth;
        Assert.Equal(truth.Successful, result.Connections);
        Assert.Equal(truth.AtRisk, result.AtRisk);
        Assert.Equal(truth.AtRiskClients.Count, result.AtRiskClients);
        Assert.True(result.AtRisk > 0 && result.UpperBound);
        var expectedPairs = LogGenerator.Pairs.Where(p => !p.InTls13Policy).Select(p => (p.Normalised, p.Iana)).ToHashSet();
        Assert.Equal(expectedPairs, result.Pairs.Select(p => (p.Protocol, p.Cipher)).ToHashSet());
        Assert.Contains(result.Pairs, p => p.Reason.Contains("does not enable TLSv1.0"));
        Assert.All(result.Pairs, p => Assert.NotEmpty(p.Examples));
    }

    [Fact]
    public void UserAgentsJoinedOnConnTraceIdConfirmClientsBySimulation()
    {
        using var files = new LogTestFiles();
        var generator = new LogGenerator(12);
        var access = new StringWriter();
        files.Write("2025-03-01", "conn_log.123456789012_elasticloadbalancing_us-east-2_app.lb.1_20250301T0005Z_10.0.0.1_a.log.gz", w => generator.WriteAlbPair(w, access, 3000));
        files.Write("2025-03-01", "123456789012_elasticloadbalancing_us-east-2_app.lb.1_20250301T0005Z_10.0.0.1_a.log.gz", w => w.Write(access.ToString()));
        var result = LogWhatIf.Analyze(files.Sources(), PolicyCatalog.Get(Policy)!);

        Assert.Equal(generator.Truth.AtRisk, result.AtRisk);
        // Java 7 (TLS 1.0 at most) and Android 4.4 (no TLS 1.2 by default) fail under a TLS 1.2+ policy: confirmed.
        var java7 = Assert.Single(result.Confirmed, c => c.Profile == "java-7u25");
        Assert.Equal(generator.Truth.AtRiskAgents["Java/1.7.0_80"], java7.Connections);
        Assert.True(java7.Fails);
        Assert.Contains("TLS 1.2", java7.Outcome);
        // Go and Java 8 clients negotiated a CBC or RSA suite here, but their profiles offer suites the policy has: cleared.
        var go = Assert.Single(result.Cleared, c => c.Profile == "go-1178");
        Assert.Equal(generator.Truth.AtRiskAgents["Go-http-client/1.1"], go.Connections);
        Assert.False(go.Fails);
    }

    [Fact]
    public void RecommendationIsTheMostSecurePolicyWithinTheTolerance()
    {
        using var files = new LogTestFiles();
        var generator = new LogGenerator(13) { FailureRate = 0 };
        files.Write("2025-03-01", "a.log", w => generator.Write("alb-connection", w, 3000));
        var none = LogWhatIf.Recommend(files.Sources(), "ALB", 0);
        Assert.NotNull(none.Policy);
        Assert.Equal(0, none.Impact!.AtRisk);
        Assert.Contains("TLSv1", none.Policy!.Versions.Select(v => v.AwsName));
        Assert.All(none.Candidates.SkipLast(1), c => Assert.True(c.AtRisk > 0));
        Assert.Equal($"aws elbv2 modify-listener --listener-arn LISTENER_ARN --ssl-policy {none.Policy.Name}", Assert.Single(none.Commands));

        // Tolerating what TLS 1.0/1.1 clients make up (generator weights 3+2 of 90) allows a TLS 1.2 minimum.
        var tolerant = LogWhatIf.Recommend(files.Sources(), "ALB", 0.08);
        Assert.NotNull(tolerant.Policy);
        Assert.True(tolerant.Impact!.AtRiskShare <= 0.08);
        Assert.DoesNotContain(tolerant.Policy!.Versions, v => v.Name is "TLSv1.0");
        Assert.True(tolerant.Candidates.Count < none.Candidates.Count);
    }
}
