using System.Text.Json;
using TlsDoctor.Cli;
using TlsDoctor.Clients;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;

namespace TlsDoctor.Tests.Aws;

/// <summary>
/// Classic Load Balancer custom policies: the minimal one `recommend --lb clb` offers (checked by the simulator: it
/// admits every client, contains the strictest predefined policy, and nothing it added can be taken away), and
/// `aws set-policy --custom` sending exactly CreateLoadBalancerPolicy with the explicit attributes, then
/// SetLoadBalancerPoliciesOfListener, to the local endpoint.
/// </summary>
[Collection(AwsEnvironmentCollection.Name)]
public sealed class ClbCustomPolicyTests
{
    private static readonly IReadOnlyCollection<CertificateKind> Rsa = [CertificateKind.Rsa];

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Theory]
    [InlineData("java-6u45", "ie-8-xp")]
    [InlineData("android-442", "openssl-101h")]
    [InlineData("java-7u25")]
    [InlineData("chrome-101-win10")]
    public void TheMinimalCustomPolicyAdmitsEveryClientAndNothingAddedCanGo(params string[] ids)
    {
        var clients = ids.Select(id => ClientProfiles.Find(id).Profile!.Offer).ToList();
        var custom = ClbCustomPolicy.Minimal(clients, Rsa);
        var strictest = ClbCustomPolicy.Strictest;

        Assert.True(custom.AdmitsAll);
        Assert.All(clients, c => Assert.True(Simulator.Negotiate(c, custom.Policy, Rsa).IsAgreed, c.Name));
        Assert.Empty(strictest.Versions.Except(custom.Policy.Versions));
        Assert.Empty(strictest.CipherSuites.Except(custom.Policy.CipherSuites));
        // Minimal: without any one protocol or suite it added, some client is refused again.
        foreach (var v in custom.Policy.Versions.Except(strictest.Versions))
            Assert.Contains(clients, c => !Simulator.Negotiate(c, custom.Policy with { Versions = custom.Policy.Versions.Where(x => x != v).ToList() }, Rsa).IsAgreed);
        foreach (var s in custom.Policy.CipherSuites.Except(strictest.CipherSuites))
            Assert.Contains(clients, c => !Simulator.Negotiate(c, custom.Policy with { CipherSuites = custom.Policy.CipherSuites.Where(x => x != s).ToList() }, Rsa).IsAgreed);
        // Every attribute is one a Classic Load Balancer knows: a protocol or suite of its predefined policies.
        Assert.All(custom.Attributes.Where(a => a.Key.StartsWith("Protocol-", StringComparison.Ordinal)),
            a => Assert.Contains(a.Key["Protocol-".Length..], ClbCustomPolicy.Protocols.Select(p => p.AwsName)));
        Assert.Equal(("Server-Defined-Cipher-Order", "true"), (custom.Attributes[^1].Key, custom.Attributes[^1].Value));
    }

    [Fact]
    public void StrictestIsTheMostSecurePredefinedClbPolicy()
    {
        Assert.Equal("ELBSecurityPolicy-TLS-1-2-2017-01", ClbCustomPolicy.Strictest.Name);
        Assert.DoesNotContain(ClbCustomPolicy.Protocols, v => v == TlsDoctor.Registry.TlsVersion.Tls13);
    }

    [Fact]
    public void RecommendForClbOffersTheCustomPolicyBesideThePredefinedOne()
    {
        var (exit, stdout, stderr) = CliRunner.Run("recommend", "--lb", "clb", "-c", "java-6u45", "-c", "ie-8-xp", "--json");
        Assert.True(exit == ExitCodes.Ok, stderr);
        var root = Json(stdout);
        Assert.Equal("ELBSecurityPolicy-2015-05", root.GetProperty("policy").GetString());
        var custom = root.GetProperty("clbCustomPolicy");
        Assert.Equal("ELBSecurityPolicy-TLS-1-2-2017-01", custom.GetProperty("reference").GetString());
        Assert.True(custom.GetProperty("admitsAll").GetBoolean());
        Assert.Equal(["TLSv1", "TLSv1.2"], custom.GetProperty("protocols").EnumerateArray().Select(p => p.GetString()));
        Assert.Contains("TLS_RSA_WITH_3DES_EDE_CBC_SHA", custom.GetProperty("ciphers").EnumerateArray().Select(c => c.GetString()));
        // Fewer suites than the predefined policy that admits the same clients.
        Assert.True(custom.GetProperty("ciphers").GetArrayLength() < PolicyCatalog.Find("ELBSecurityPolicy-2015-05", "CLB").Policy!.CipherSuites.Count);
        Assert.StartsWith("aws elb create-load-balancer-policy --load-balancer-name LOAD_BALANCER_NAME --policy-name tlsdoctor-custom-",
            custom.GetProperty("commands")[0].GetString());

        var (_, alb, _) = CliRunner.Run("recommend", "--lb", "alb", "-c", "java-6u45", "--json");
        Assert.False(Json(alb).TryGetProperty("clbCustomPolicy", out _));
        var (_, text, _) = CliRunner.Run("recommend", "--lb", "clb", "-c", "java-6u45", "-c", "ie-8-xp");
        Assert.Contains("Classic custom policy", text);
        Assert.Contains("ELBSecurityPolicy-TLS-1-2-2017-01 + TLSv1.0 and TLS_RSA_WITH_3DES_EDE_CBC_SHA", text);
    }

    [Fact]
    public async Task SetPolicyCustomSendsTheExplicitAttributesThenSetsTheListener()
    {
        var (_, recommended, _) = CliRunner.Run("recommend", "--lb", "clb", "-c", "java-6u45", "-c", "ie-8-xp", "--json");
        var custom = Json(recommended).GetProperty("clbCustomPolicy");
        var spec = custom.GetProperty("spec").GetString()!;
        var name = custom.GetProperty("name").GetString()!;
        var attributes = custom.GetProperty("attributes").EnumerateArray().Select(a => (a.GetProperty("name").GetString(), a.GetProperty("value").GetString())).ToList();

        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        var (exit, stdout, stderr) = CliRunner.Run("aws", "set-policy", "--listener", "my-classic-lb:443", "--custom", spec, "--yes", "--json");

        Assert.True(exit == 0, stderr);
        Assert.Equal(["CreateLoadBalancerPolicy", "SetLoadBalancerPoliciesOfListener"],
            server.Requests.Select(r => r.Action).Where(a => a is "CreateLoadBalancerPolicy" or "SetLoadBalancerPoliciesOfListener" or "ModifyListener"));
        var create = Assert.Single(server.RequestsFor("CreateLoadBalancerPolicy"));
        Assert.True(create.Signature.IsValid);
        var expected = new List<string> { "LoadBalancerName=my-classic-lb", $"PolicyName={name}", "PolicyTypeName=SSLNegotiationPolicyType" };
        for (var i = 0; i < attributes.Count; i++)
        {
            expected.Add($"PolicyAttributes.member.{i + 1}.AttributeName={attributes[i].Item1}");
            expected.Add($"PolicyAttributes.member.{i + 1}.AttributeValue={attributes[i].Item2}");
        }
        Assert.Equal(expected.Order(StringComparer.Ordinal), create.Parameters);
        Assert.DoesNotContain(create.Parameters, p => p.Contains("Reference-Security-Policy"));
        Assert.Equal(["LoadBalancerName=my-classic-lb", "LoadBalancerPort=443", $"PolicyNames.member.1={name}"],
            Assert.Single(server.RequestsFor("SetLoadBalancerPoliciesOfListener")).Parameters);
        var json = Json(stdout);
        Assert.Equal((name, true), (json.GetProperty("newPolicy").GetString(), json.GetProperty("applied").GetBoolean()));
    }

    [Fact]
    public async Task SetPolicyCustomDryRunPrintsTheCommandsAndWritesNothing()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        var (exit, stdout, stderr) = CliRunner.Run("aws", "set-policy", "--listener", "my-classic-lb:443",
            "--custom", "Protocol-TLSv1.2,ECDHE-RSA-AES128-GCM-SHA256,Server-Defined-Cipher-Order", "--dry-run");
        Assert.True(exit == 0, stderr);
        Assert.Contains("--policy-attributes AttributeName=Protocol-TLSv1.2,AttributeValue=true AttributeName=ECDHE-RSA-AES128-GCM-SHA256,AttributeValue=true AttributeName=Server-Defined-Cipher-Order,AttributeValue=true", stdout.Replace("\n", " ").Replace("  ", " "));
        Assert.Contains("policy_attribute", stdout);
        Assert.Empty(server.Requests.Where(r => r.Action is "CreateLoadBalancerPolicy" or "SetLoadBalancerPoliciesOfListener"));
    }

    [Theory]
    [InlineData("my-load-balancer:443", "Protocol-TLSv1.2,ECDHE-RSA-AES128-GCM-SHA256", "custom policies exist only on Classic Load Balancers")]
    [InlineData("my-network-loadbalancer:443", "Protocol-TLSv1.2,ECDHE-RSA-AES128-GCM-SHA256", "a network load balancer")]
    [InlineData("my-classic-lb:443", "Protocol-TLSv1.3,TLS_AES_128_GCM_SHA256", "cannot enable")]
    [InlineData("my-classic-lb:443", "Protocol-TLSv1.2,ECDHE-RSA-CHACHA20-POLY1305", "cannot enable")]
    [InlineData("my-classic-lb:443", "Protocol-TLSv1.2,NOT-A-SUITE", "neither a file nor a list")]
    public async Task SetPolicyCustomRefusesWhatAClassicLoadBalancerCannotTake(string listener, string spec, string phrase)
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        var (exit, stdout, stderr) = CliRunner.Run("aws", "set-policy", "--listener", listener, "--custom", spec, "--yes");
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(phrase, stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Empty(server.Requests.Where(r => r.Action is "CreateLoadBalancerPolicy" or "SetLoadBalancerPoliciesOfListener" or "ModifyListener"));
    }

    [Fact]
    public void SetPolicyNeedsExactlyOneOfPolicyAndCustom()
    {
        var (both, _, bothError) = CliRunner.Run("aws", "set-policy", "--listener", "my-classic-lb:443", "--policy", "ELBSecurityPolicy-2016-08", "--custom", "Protocol-TLSv1.2,AES128-SHA");
        var (neither, _, neitherError) = CliRunner.Run("aws", "set-policy", "--listener", "my-classic-lb:443");
        Assert.Equal((ExitCodes.Usage, ExitCodes.Usage), (both, neither));
        Assert.Contains("one of them", bothError);
        Assert.Contains("one of them", neitherError);
    }
}
