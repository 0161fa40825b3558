using System.Text.Json;

namespace TlsDoctor.Aws;

/// <summary>An ELBv2 security policy as DescribeSSLPolicies returns it (api-shapes.md §1.3); ciphers in priority order.</summary>
public sealed record AwsSslPolicy(string Name, IReadOnlyList<string> Protocols, IReadOnlyList<string> Ciphers, IReadOnlyList<string> SupportedLoadBalancerTypes)
{
    public static AwsSslPolicy FromXml(AwsXmlElement m) =>
        new(m.Value("Name") ?? "", m.Strings("SslProtocols"),
            m.Members("Ciphers").Select((c, i) => (Priority: AwsCliJson.Int(c.Value("Priority"), i + 1), Name: c.Value("Name") ?? ""))
                .OrderBy(c => c.Priority).Select(c => c.Name).ToList(),
            m.Strings("SupportedLoadBalancerTypes"));

    public static AwsSslPolicy FromJson(JsonElement e) =>
        new(AwsCliJson.Str(e, "Name") ?? "", AwsCliJson.Strings(e, "SslProtocols"),
            AwsCliJson.Array(e, "Ciphers").Select((c, i) => (Priority: c.TryGetProperty("Priority", out var p) && p.TryGetInt32(out var n) ? n : i + 1, Name: AwsCliJson.Str(c, "Name") ?? ""))
                .OrderBy(c => c.Priority).Select(c => c.Name).ToList(),
            AwsCliJson.Strings(e, "SupportedLoadBalancerTypes"));
}
