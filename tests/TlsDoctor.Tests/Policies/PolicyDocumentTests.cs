using TlsDoctor.Negotiation;
using TlsDoctor.Policies;
using TlsDoctor.Registry;

namespace TlsDoctor.Tests.Policies;

public class PolicyDocumentTests
{
    private const string ClbDescribe = """
        {
          "PolicyDescriptions": [
            {
              "PolicyName": "my-clb-policy",
              "PolicyTypeName": "SSLNegotiationPolicyType",
              "PolicyAttributeDescriptions": [
                { "AttributeName": "Protocol-TLSv1", "AttributeValue": "false" },
                { "AttributeName": "Protocol-TLSv1.1", "AttributeValue": "false" },
                { "AttributeName": "Protocol-TLSv1.2", "AttributeValue": "true" },
                { "AttributeName": "Server-Defined-Cipher-Order", "AttributeValue": "true" },
                { "AttributeName": "ECDHE-ECDSA-AES128-GCM-SHA256", "AttributeValue": "true" },
                { "AttributeName": "ECDHE-RSA-AES128-GCM-SHA256", "AttributeValue": "true" },
                { "AttributeName": "AES128-SHA", "AttributeValue": "false" },
                { "AttributeName": "DES-CBC3-SHA", "AttributeValue": "true" }
              ]
            }
          ]
        }
        """;

    [Fact]
    public void A_classic_load_balancer_describe_output_becomes_a_policy()
    {
        var r = PolicyDocument.Parse(ClbDescribe, "test", "fallback");
        Assert.True(r.IsSuccess, r.Error?.Message);
        var p = Assert.Single(r.Policies);
        Assert.Equal("my-clb-policy", p.Name);
        Assert.Equal(["CLB"], p.LoadBalancers);
        Assert.Equal([TlsVersion.Tls12], p.Versions);
        Assert.Equal([(ushort)0xC02B, (ushort)0xC02F, (ushort)0x000A], p.CipherSuites);
        Assert.True(p.ServerOrder);
    }

    [Fact]
    public void A_clb_policy_that_only_references_a_predefined_one_takes_its_content()
    {
        const string json = """{"PolicyDescriptions":[{"PolicyName":"ref","PolicyAttributeDescriptions":[{"AttributeName":"Reference-Security-Policy","AttributeValue":"ELBSecurityPolicy-TLS-1-2-2017-01"}]}]}""";
        var r = PolicyDocument.Parse(json, "test", "fallback");
        Assert.True(r.IsSuccess, r.Error?.Message);
        Assert.Equal(PolicyCatalog.Get("ELBSecurityPolicy-TLS-1-2-2017-01")!.CipherSuites, r.Policies[0].CipherSuites);
        Assert.Equal("ref", r.Policies[0].Name);
    }

    [Fact]
    public void A_simple_text_list_becomes_a_policy_with_tls13_suites_first()
    {
        var r = PolicyDocument.Parse("# mine\nTLSv1.2\nTLSv1.3\nECDHE-RSA-AES128-GCM-SHA256\nTLS_AES_256_GCM_SHA384, 0xC030\n", "test", "mine");
        Assert.True(r.IsSuccess, r.Error?.Message);
        var p = r.Policies[0];
        Assert.Equal("mine", p.Name);
        Assert.Equal([TlsVersion.Tls12, TlsVersion.Tls13], p.Versions);
        Assert.Equal([(ushort)0x1302, (ushort)0xC02F, (ushort)0xC030], p.CipherSuites);
    }

    [Fact]
    public void An_elbv2_describe_output_is_read_in_priority_order()
    {
        const string json = """
            {"SslPolicies":[{"Name":"x","SslProtocols":["TLSv1.2"],"SupportedLoadBalancerTypes":["application","network"],
              "Ciphers":[{"Name":"ECDHE-RSA-AES256-GCM-SHA384","Priority":2},{"Name":"ECDHE-RSA-AES128-GCM-SHA256","Priority":1}]}]}
            """;
        var r = PolicyDocument.Parse(json, "test", "fallback");
        Assert.True(r.IsSuccess, r.Error?.Message);
        Assert.Equal([(ushort)0xC02F, (ushort)0xC030], r.Policies[0].CipherSuites);
        Assert.Equal(["ALB", "NLB"], r.Policies[0].LoadBalancers);
    }

    [Theory]
    [InlineData("{\"PolicyDescriptions\": [", "not valid JSON")]
    [InlineData("TLSv1.2\nECDHE-RSA-AES128-GCM-SHA257", "unknown cipher suite 'ECDHE-RSA-AES128-GCM-SHA257' (closest: ECDHE-RSA-AES128-GCM-SHA256")]
    [InlineData("ECDHE-RSA-AES128-GCM-SHA256", "no protocol version")]
    [InlineData("TLSv1.2", "no cipher suite")]
    [InlineData("TLSv1.0\nECDHE-RSA-AES128-GCM-SHA256", "needs TLSv1.2")]
    [InlineData("TLSv1.2\nTLS_AES_128_GCM_SHA256\nECDHE-RSA-AES128-GCM-SHA256", "TLS 1.3 suites listed but TLSv1.3 is not enabled")]
    [InlineData("{\"name\":\"x\",\"protocols\":[\"TLSv1.2\"],\"ciphers\":[\"AES128-SHA\",\"AES128-SHA\"]}", "listed twice")]
    [InlineData("{\"name\":\"x\",\"protocols\":[\"TLSv1.2\"],\"ciphers\":[\"AES128-SHA\"],\"loadBalancers\":[\"GLB\"]}", "unknown load-balancer type")]
    [InlineData("{\"hello\":1}", "unrecognised JSON")]
    public void Malformed_policies_give_a_clear_error(string text, string expected)
    {
        var r = PolicyDocument.Parse(text, "test", "x");
        Assert.False(r.IsSuccess);
        Assert.Contains(expected, r.Error!.Message);
    }

    [Fact]
    public void Resolve_reads_a_file_and_reports_missing_files_as_invalid_files()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"tlsdoctor-policy-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, ClbDescribe);
        try
        {
            var r = PolicyCatalog.Resolve(path);
            Assert.True(r.IsSuccess, r.Error?.Message);
            Assert.Equal("my-clb-policy", r.Policy!.Name);
        }
        finally { File.Delete(path); }
        var missing = PolicyCatalog.Resolve("/nonexistent/policy.json");
        Assert.IsType<PolicyError.InvalidFile>(missing.Error);
    }

    [Fact]
    public void A_file_of_one_huge_token_fails_with_a_short_message_and_no_suggestion_search()
    {
        // One 900 KB line: no close-name search over it (seconds of edit distances) and no echo of the whole token.
        var token = "TLSv1.2 " + string.Concat(Enumerable.Repeat("ECDHE-RSA-AES128-GCM-SHA256X", 32_000));
        var result = PolicyDocument.Parse(token, "huge.txt", "huge");
        var error = Assert.IsType<PolicyError.InvalidData>(result.Error);
        Assert.StartsWith("unknown cipher suite 'ECDHE-RSA-AES128-GCM-SHA256XECDHE-RSA-AE…", error.Reason);
        Assert.Contains($"({token.Length - 8} characters)", error.Reason);
        Assert.True(error.Message.Length < 300, error.Message);
        Assert.Empty(NameSuggestions.Closest(token, CipherSuites.AllNames));
        // A misspelling of ordinary length still gets its suggestion.
        Assert.Contains("ECDHE-RSA-AES128-GCM-SHA256", NameSuggestions.Closest("ECDHE-RSA-AES128-GCM-SHA265", CipherSuites.AllNames));
    }
}
