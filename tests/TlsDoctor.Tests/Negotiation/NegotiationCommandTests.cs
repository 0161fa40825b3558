using System.Text.Json;
using TlsDoctor.Cli;
using TlsDoctor.Registry;

namespace TlsDoctor.Tests.Negotiation;

/// <summary>simulate / recommend / identify through the command line: exit codes, usage errors, JSON shape.</summary>
public class NegotiationCommandTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void SimulateJsonHasTheDocumentedFields()
    {
        var (exit, output, _) = Run("simulate", "--protocols", "TLSv1.0", "--ciphers", "AES128-SHA", "--policy", "ELBSecurityPolicy-TLS13-1-2-2021-06", "--json");
        Assert.Equal(ExitCodes.Findings, exit);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.False(root.GetProperty("ok").GetBoolean());
        Assert.Equal("no-shared-protocol", root.GetProperty("reason").GetString());
        Assert.Equal("protocol_version", root.GetProperty("alert").GetString());
        Assert.Contains("TLS 1.0 at most", root.GetProperty("explanation").GetString());
        // AWS ELBSecurityPolicy-2016-08 enables TLS 1.0 with AES128-SHA (AWS "Ciphers by policy" table).
        Assert.Contains("ELBSecurityPolicy-2016-08", root.GetProperty("acceptingPolicies").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void SimulateAgreedCarriesProtocolCipherAndGroup()
    {
        var (exit, output, _) = Run("simulate", "--protocols", "TLSv1.2", "--ciphers", "0xC02F", "--groups", "secp384r1", "--policy", "ELBSecurityPolicy-2016-08", "--json");
        Assert.Equal(ExitCodes.Ok, exit);
        using var doc = JsonDocument.Parse(output);
        Assert.True(doc.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal("TLSv1.2", doc.RootElement.GetProperty("protocol").GetString());
        Assert.Equal("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", doc.RootElement.GetProperty("cipher").GetString());
        Assert.Equal("secp384r1", doc.RootElement.GetProperty("group").GetString());
    }

    [Theory]
    [InlineData("simulate", "--client", "no-such-browser", "--policy", "ELBSecurityPolicy-2016-08")]
    [InlineData("simulate", "--protocols", "TLSv1.2", "--ciphers", "ECDHE-RSA-AES128-GCM-SHA257", "--policy", "ELBSecurityPolicy-2016-08")]
    [InlineData("simulate", "--protocols", "TLSv1.2", "--ciphers", "AES128-SHA", "--policy", "ELBSecurityPolicy-2016-09")]
    [InlineData("simulate", "--protocols", "TLSv1.2", "--ciphers", "AES128-SHA", "--policy", "ELBSecurityPolicy-2016-08", "--cert", "dsa")]
    [InlineData("simulate", "--protocols", "TLSv1.2", "--policy", "ELBSecurityPolicy-2016-08")]
    [InlineData("simulate", "--client-hello", "16030100zz", "--policy", "ELBSecurityPolicy-2016-08")]
    [InlineData("recommend", "--client", "chromium-137-win11", "--lb", "elb")]
    [InlineData("recommend")]
    [InlineData("identify", "--protocols", "TLSv1.2")]
    public void UsageErrorsExitTwoWithOneLine(params string[] args)
    {
        var (exit, output, error) = Run(args);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal("", output);
        Assert.StartsWith("error: ", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void UnknownNamesComeWithTheClosestKnownOnes()
    {
        var (_, _, error) = Run("simulate", "--protocols", "TLSv1.2", "--ciphers", "AES128-SHA", "--policy", "ELBSecurityPolicy-2016-09");
        Assert.Contains("ELBSecurityPolicy-2016-08", error);
        var (_, _, cipherError) = Run("simulate", "--protocols", "TLSv1.2", "--ciphers", "ECDHE-RSA-AES128-GCM-SHA257", "--policy", "ELBSecurityPolicy-2016-08");
        Assert.Contains("ECDHE-RSA-AES128-GCM-SHA256", cipherError);
    }

    [Fact]
    public void MalformedPolicyFileExitsTwo()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tlsdoctor-bad-policy-{Environment.ProcessId}.json");
        File.WriteAllText(path, "{ \"name\": \"x\", \"protocols\": [\"TLSv9\"] ");
        try
        {
            var (exit, _, error) = Run("simulate", "--protocols", "TLSv1.2", "--ciphers", "AES128-SHA", "--policy", path);
            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Contains(Path.GetFileName(path), error);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void ClientHelloHexIsDecodedWithTheCodec()
    {
        // A TLS 1.2 ClientHello record offering only TLS_RSA_WITH_AES_128_CBC_SHA (0x002F), no extensions:
        // 16 0301 002d | 01 000029 | 0303 | 32×00 random | 00 session id | 0002 002f | 01 00
        var hex = "160301002d" + "01000029" + "0303" + new string('0', 64) + "00" + "0002002f" + "0100";
        var (exit, output, _) = Run("simulate", "--client-hello", hex, "--policy", "ELBSecurityPolicy-2016-08", "--json");
        Assert.Equal(ExitCodes.Ok, exit);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("TLS_RSA_WITH_AES_128_CBC_SHA", doc.RootElement.GetProperty("cipher").GetString());
        Assert.Equal("TLSv1.2", doc.RootElement.GetProperty("protocol").GetString());
    }

    [Fact]
    public void RecommendJsonNamesPolicyBreaksAndCommand()
    {
        var (exit, output, _) = Run("recommend", "--protocols", "TLSv1.0", "--ciphers", "ECDHE-RSA-AES128-SHA", "--lb", "nlb", "--json");
        Assert.Equal(ExitCodes.Ok, exit);
        using var doc = JsonDocument.Parse(output);
        var policy = doc.RootElement.GetProperty("policy").GetString()!;
        Assert.StartsWith("ELBSecurityPolicy-", policy);
        Assert.Equal($"aws elbv2 modify-listener --listener-arn LISTENER_ARN --ssl-policy {policy}", doc.RootElement.GetProperty("command").GetString());
        Assert.All(doc.RootElement.GetProperty("breaks").EnumerateArray(), b => Assert.Equal("no-shared-protocol", b.GetProperty("refuses")[0].GetProperty("reason").GetString()));
    }

    [Fact]
    public void Recommend_keeps_tls13_for_a_tls10_client_and_offers_the_least_change_from_the_current_policy()
    {
        // java-7u25 speaks TLS 1.0 only; ELBSecurityPolicy-TLS13-1-0-2021-06 admits it and keeps TLS 1.3 for everyone else,
        // where ELBSecurityPolicy-FS-2018-06 (TLS 1.2 at most) would downgrade every modern client.
        var (exit, output, _) = Run("recommend", "--client", "java-7u25", "--current", "ELBSecurityPolicy-TLS13-1-2-2021-06", "--json");
        Assert.Equal(ExitCodes.Ok, exit);
        using var doc = JsonDocument.Parse(output);
        var policy = TlsDoctor.Policies.PolicyCatalog.Get(doc.RootElement.GetProperty("policy").GetString()!)!;
        Assert.Contains(TlsVersion.Tls13, policy.Versions);
        Assert.Contains(TlsVersion.Tls10, policy.Versions);
        Assert.Equal("ELBSecurityPolicy-TLS13-1-2-2021-06", doc.RootElement.GetProperty("current").GetString());
        var least = doc.RootElement.GetProperty("leastChange");
        var leastPolicy = TlsDoctor.Policies.PolicyCatalog.Get(least.GetProperty("policy").GetString()!)!;
        Assert.Contains(TlsVersion.Tls13, leastPolicy.Versions);   // the current policy's TLS 1.3 is kept
        var changes = least.GetProperty("changes").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal("adds TLS 1.0, TLS 1.1", changes[0]);
        Assert.DoesNotContain(changes, c => c.StartsWith("removes TLS", StringComparison.Ordinal));
        Assert.Equal($"aws elbv2 modify-listener --listener-arn LISTENER_ARN --ssl-policy {leastPolicy.Name}", least.GetProperty("commands")[0].GetString());
    }

    [Fact]
    public void Recommend_says_so_when_its_choice_has_no_tls13()
    {
        // From a TLS 1.2-only policy the least change adds TLS 1.0 and 1.1 and stays without TLS 1.3: said, with the alternative.
        var (exit, output, _) = Run("recommend", "--client", "java-7u25", "--current", "ELBSecurityPolicy-FS-1-2-Res-2020-10", "--json");
        Assert.Equal(ExitCodes.Ok, exit);
        using var doc = JsonDocument.Parse(output);
        var least = doc.RootElement.GetProperty("leastChange");
        Assert.Equal("ELBSecurityPolicy-FS-2018-06", least.GetProperty("policy").GetString());
        var note = Assert.Single(least.GetProperty("changes").EnumerateArray().Select(c => c.GetString()!), c => c.StartsWith("no TLS 1.3", StringComparison.Ordinal));
        Assert.Contains(doc.RootElement.GetProperty("policy").GetString()!, note);
        // A current policy that accepts the client already is its own least change, with nothing to apply.
        (exit, output, _) = Run("recommend", "--client", "java-7u25", "--current", "ELBSecurityPolicy-2016-08", "--json");
        using var same = JsonDocument.Parse(output);
        Assert.Equal("ELBSecurityPolicy-2016-08", same.RootElement.GetProperty("leastChange").GetProperty("policy").GetString());
        Assert.Equal(0, same.RootElement.GetProperty("leastChange").GetProperty("commands").GetArrayLength());
        // An unknown current policy is bad input.
        Assert.Equal(ExitCodes.Usage, Run("recommend", "--client", "java-7u25", "--current", "ELBSecurityPolicy-Nope").Exit);
    }

    [Fact]
    public void IdentifyFromObservedFlags()
    {
        // ELBSecurityPolicy-TLS13-1-3-2021-06: TLS 1.3 only, three suites (AWS "Protocols/Ciphers by policy" tables).
        var (exit, output, _) = Run("identify", "--protocols", "TLSv1.3", "--ciphers", "TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384,TLS_CHACHA20_POLY1305_SHA256", "--provider", "aws", "--json");
        Assert.Equal(ExitCodes.Ok, exit);
        using var doc = JsonDocument.Parse(output);
        var names = doc.RootElement.GetProperty("policyMatches").EnumerateArray().Select(m => m.GetProperty("name").GetString()).ToList();
        Assert.Contains("ELBSecurityPolicy-TLS13-1-3-2021-06", names);
    }
}
