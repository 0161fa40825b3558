using System.Text.Json;

namespace TlsDoctor.Tests.Logs;

/// <summary>`tlsdoctor logs` through the in-process CLI: JSON field names, exit codes, one-sentence errors.</summary>
public class LogsCliTests
{
    private static string Samples => RepoPaths.SharedReference("aws/log-samples");

    [Fact]
    public void SummaryJsonHasTheDocumentedFields()
    {
        var (exit, stdout, stderr) = CliRunner.Run("logs", "summary", "--json", Path.Combine(Samples, "alb-connection.synthetic.log"), Path.Combine(Samples, "nlb-access.synthetic.log"));
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal("tlsdoctor.logs-summary/1", root.GetProperty("schema").GetString());
        Assert.Equal(2, root.GetProperty("files").GetInt32());
        // alb-connection.synthetic: 5 TLS lines (one plain HTTP), 2 failed; nlb-access.synthetic: 4 TLS lines, 3 failed.
        Assert.Equal(9, root.GetProperty("connections").GetInt64());
        Assert.Equal(5, root.GetProperty("failed").GetInt64());
        Assert.Equal(2, root.GetProperty("byProtocol").GetProperty("TLSv1.0").GetInt64());
        Assert.Equal(3, root.GetProperty("byProtocol").GetProperty("TLSv1.3").GetInt64());
        Assert.Equal(1, root.GetProperty("byCipher").GetProperty("TLS_AES_256_GCM_SHA384").GetInt64());
        Assert.Equal(1, root.GetProperty("byKeyExchange").GetProperty("X25519MLKEM768").GetInt64());
        var first = root.GetProperty("failedByClient")[0];
        Assert.True(first.TryGetProperty("client", out _) && first.TryGetProperty("count", out _));
        Assert.Equal("2025-03-01T12:00Z", root.GetProperty("failedByHour")[0].GetProperty("hour").GetString());
        Assert.Equal(5, root.GetProperty("failedByHour")[0].GetProperty("count").GetInt64());
        Assert.Equal(1, root.GetProperty("failedByClientAlert").GetProperty("unknown_ca").GetInt64());
        foreach (var name in new[] { "lines", "malformed", "byListener", "failedShare", "postQuantumShare" }) Assert.True(root.TryGetProperty(name, out _), name);
    }

    [Fact]
    public void WhatIfFindsAtRiskConnectionsAndExitsWithFindings()
    {
        var (exit, stdout, stderr) = CliRunner.Run("logs", "what-if", "--policy", "ELBSecurityPolicy-TLS13-1-2-2021-06", "--json",
            Path.Combine(Samples, "alb-connection.synthetic.log"), Path.Combine(Samples, "alb-access.synthetic.log"));
        Assert.True(exit == 1, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("atRisk").GetInt64());
        Assert.Equal(1, root.GetProperty("atRiskClients").GetInt64());
        Assert.True(root.GetProperty("upperBound").GetBoolean());
        Assert.Equal("java-7u25", root.GetProperty("confirmed")[0].GetProperty("profile").GetString());
    }

    [Fact]
    public void AthenaPrintsTheTableAndQueries()
    {
        var (exit, stdout, _) = CliRunner.Run("logs", "athena", "--type", "nlb-access", "--location", "s3://b/p/AWSLogs/1/elasticloadbalancing/us-east-1/", "--policy", "ELBSecurityPolicy-TLS13-1-2-2021-06");
        Assert.Equal(0, exit);
        Assert.Contains("CREATE EXTERNAL TABLE IF NOT EXISTS nlb_access_logs", stdout);
        Assert.Contains("-- what-if:", stdout);
        Assert.Contains("('TLSv1.2', 'ECDHE-RSA-AES128-GCM-SHA256')", stdout);
    }

    [Theory]
    [InlineData("logs", "summary", "/no/such/file.log")]
    [InlineData("logs", "what-if", "x.log")]
    [InlineData("logs", "what-if", "--policy", "NoSuchPolicy", "x.log")]
    [InlineData("logs", "summary", "--since", "yesterday", "x.log")]
    [InlineData("logs", "athena", "--type", "elb", "--location", "s3://b/")]
    [InlineData("logs", "athena", "--type", "alb-access", "--location", "/tmp/x")]
    [InlineData("logs", "what-if", "--lb", "alb", "--tolerate", "150%", "x.log")]
    public void BadInputIsOneSentenceAndExitCode2(params string[] args)
    {
        var (exit, stdout, stderr) = CliRunner.Run(args);
        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void AnInputWithNoLogIsBadInput()
    {
        var (exit, _, stderr) = CliRunner.Run("logs", "summary", Path.Combine(Samples, "README.md"));
        Assert.Equal(2, exit);
        Assert.Contains("no input could be read", stderr);
    }
}
