using System.Text.Json;
using TlsDoctor.Cli;
using TlsDoctor.Policies;

namespace TlsDoctor.Tests.Policies;

public class PoliciesCliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void Show_json_has_the_documented_shape_with_every_suite_in_server_order()
    {
        var (code, output, _) = Run("policies", "show", "elbsecuritypolicy-tls13-1-2-2021-06", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("ELBSecurityPolicy-TLS13-1-2-2021-06", root.GetProperty("name").GetString());
        Assert.Equal("aws", root.GetProperty("provider").GetString());
        Assert.Equal(["ALB", "NLB"], root.GetProperty("loadBalancers").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(["TLSv1.2", "TLSv1.3"], root.GetProperty("protocols").EnumerateArray().Select(x => x.GetString()));
        var ciphers = root.GetProperty("ciphers").EnumerateArray().ToList();
        var policy = PolicyCatalog.Get("ELBSecurityPolicy-TLS13-1-2-2021-06")!;
        Assert.Equal(policy.CipherSuites.Select(c => $"0x{c:X4}"), ciphers.Select(c => c.GetProperty("code").GetString()));
        Assert.Equal("TLS_AES_128_GCM_SHA256", ciphers[0].GetProperty("iana").GetString());
        Assert.Equal("TLSv1.3", ciphers[0].GetProperty("protocol").GetString());
        Assert.Equal("ECDHE-ECDSA-AES128-GCM-SHA256", ciphers[3].GetProperty("openssl").GetString());
        Assert.False(root.GetProperty("fips").GetBoolean());
        Assert.False(root.GetProperty("postQuantum").GetBoolean());
        Assert.True(root.TryGetProperty("groups", out _) || root.GetProperty("unknown").EnumerateArray().Any(u => u.GetString() == "groups"));
    }

    [Fact]
    public void Show_of_a_post_quantum_policy_says_its_suites_are_unknown()
    {
        var (code, output, _) = Run("policies", "show", "ELBSecurityPolicy-TLS13-1-1-FIPS-PQ-2025-09", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var unknown = doc.RootElement.GetProperty("unknown").EnumerateArray().Select(x => x.GetString()).ToList();
        Assert.Contains("tls12CipherSuites", unknown);
        Assert.Contains("tls13CipherSuites", unknown);
        Assert.Equal(["X25519MLKEM768", "SecP256r1MLKEM768", "SecP384r1MLKEM1024"], doc.RootElement.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("name").GetString()));
        var (_, text, _) = Run("policies", "show", "ELBSecurityPolicy-TLS13-1-1-FIPS-PQ-2025-09");
        Assert.Contains("TLS 1.0–1.2 suites: unknown", text);
    }

    [Theory]
    [InlineData("policies", "show", "ELBSecurityPolicy-TLS13-1-2-2021-6")]
    [InlineData("policies", "diff", "ELBSecurityPolicy-2016-08", "nope")]
    [InlineData("policies", "export", "nope", "--format", "nginx")]
    [InlineData("policies", "export", "ELBSecurityPolicy-2016-08", "--format", "iis")]
    [InlineData("policies", "export", "ELBSecurityPolicy-TLS13-1-1-FIPS-PQ-2025-09", "--format", "nginx")]
    [InlineData("policies", "list", "--lb", "glb")]
    [InlineData("policies", "list", "--min-protocol", "TLSv9")]
    [InlineData("policies", "show", "/nonexistent/policy.json")]
    [InlineData("clients", "show", "java-7u26")]
    [InlineData("clients", "list", "--status", "ancient")]
    public void Bad_names_and_files_are_usage_errors_with_one_line(params string[] args)
    {
        var (code, output, error) = Run(args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("error: ", error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void A_malformed_policy_file_is_a_usage_error()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"tlsdoctor-bad-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{\"PolicyDescriptions\":[{\"PolicyName\":\"x\",\"PolicyAttributeDescriptions\":[{\"AttributeName\":\"Protocol-TLSv1.2\",\"AttributeValue\":\"true\"},{\"AttributeName\":\"ECDHE-RSA-AES128-GCM-SHA999\",\"AttributeValue\":\"true\"}]}]}");
        try
        {
            var (code, _, error) = Run("policies", "show", path);
            Assert.Equal(2, code);
            Assert.Contains("unknown cipher suite 'ECDHE-RSA-AES128-GCM-SHA999'", error);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Unknown_names_get_the_closest_names()
    {
        var (_, _, error) = Run("policies", "show", "ELBSecurityPolicy-TLS13-1-2-2021-6");
        Assert.Contains("ELBSecurityPolicy-TLS13-1-2-2021-06", error);
        var (_, _, clientError) = Run("clients", "show", "java-7u26");
        Assert.Contains("java-7u25", clientError);
    }

    [Fact]
    public void List_filters_and_json_agree_with_the_library()
    {
        var (code, output, _) = Run("policies", "list", "--provider", "aws", "--lb", "nlb", "--pq", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var names = doc.RootElement.GetProperty("policies").EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToList();
        Assert.Equal(PolicyCatalog.Query(new PolicyFilter { Provider = "aws", LoadBalancer = "NLB", PostQuantum = true }).Select(p => p.Id), names);
    }

    [Fact]
    public void Clients_show_json_lists_the_offer()
    {
        var (code, output, _) = Run("clients", "show", "java-7u25", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("legacy", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal(["SSLv3", "TLSv1.0"], doc.RootElement.GetProperty("protocols").EnumerateArray().Select(x => x.GetString()));
    }
}
