using System.Text.Json;

namespace TlsDoctor.Aws;

/// <summary>A Classic Load Balancer policy (DescribeLoadBalancerPolicies; api-shapes.md §2.2): its type and attributes in order.</summary>
public sealed record AwsClassicPolicy(string Name, string TypeName, IReadOnlyList<KeyValuePair<string, string>> Attributes)
{
    public const string SslNegotiationType = "SSLNegotiationPolicyType";

    public bool IsSslNegotiation => TypeName == SslNegotiationType;

    /// <summary>The predefined policy this one was created from (attribute Reference-Security-Policy), if any.</summary>
    public string? Reference => Attributes.Where(a => a.Key == "Reference-Security-Policy").Select(a => a.Value).FirstOrDefault();

    public static AwsClassicPolicy FromXml(AwsXmlElement m) =>
        new(m.Value("PolicyName") ?? "", m.Value("PolicyTypeName") ?? "",
            m.Members("PolicyAttributeDescriptions").Select(a => new KeyValuePair<string, string>(a.Value("AttributeName") ?? "", a.Value("AttributeValue") ?? "")).ToList());

    public static AwsClassicPolicy FromJson(JsonElement e) =>
        new(AwsCliJson.Str(e, "PolicyName") ?? "", AwsCliJson.Str(e, "PolicyTypeName") ?? "",
            AwsCliJson.Array(e, "PolicyAttributeDescriptions").Select(a => new KeyValuePair<string, string>(AwsCliJson.Str(a, "AttributeName") ?? "", AwsCliJson.Str(a, "AttributeValue") ?? "")).ToList());
}
