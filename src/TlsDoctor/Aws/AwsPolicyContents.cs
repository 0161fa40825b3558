using System.Text;
using System.Text.Json;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;

namespace TlsDoctor.Aws;

/// <summary>
/// Turns policies as AWS describes them into <see cref="ServerPolicy"/> through the one policy reader there is
/// (<see cref="PolicyDocument"/>, which reads the AWS CLI's shapes): the records are written back in the CLI's JSON
/// shape, so live answers and saved CLI output are read by the same code.
/// </summary>
public static class AwsPolicyContents
{
    public static (ServerPolicy? Policy, string? Error) FromSslPolicy(AwsSslPolicy policy) =>
        Parse(w =>
        {
            w.WriteStartArray("SslPolicies");
            w.WriteStartObject();
            w.WriteString("Name", policy.Name);
            w.WriteStartArray("SslProtocols");
            foreach (var p in policy.Protocols) w.WriteStringValue(p);
            w.WriteEndArray();
            w.WriteStartArray("Ciphers");
            for (var i = 0; i < policy.Ciphers.Count; i++)
            {
                w.WriteStartObject();
                w.WriteString("Name", policy.Ciphers[i]);
                w.WriteNumber("Priority", i + 1);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("SupportedLoadBalancerTypes");
            foreach (var t in policy.SupportedLoadBalancerTypes.Where(t => t is "application" or "network")) w.WriteStringValue(t);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
        }, policy.Name);

    public static (ServerPolicy? Policy, string? Error) FromClassicPolicy(AwsClassicPolicy policy) =>
        Parse(w =>
        {
            w.WriteStartArray("PolicyDescriptions");
            w.WriteStartObject();
            w.WriteString("PolicyName", policy.Name);
            w.WriteString("PolicyTypeName", policy.TypeName);
            w.WriteStartArray("PolicyAttributeDescriptions");
            foreach (var (name, value) in policy.Attributes)
            {
                w.WriteStartObject();
                w.WriteString("AttributeName", name);
                w.WriteString("AttributeValue", value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
        }, policy.Name);

    private static (ServerPolicy? Policy, string? Error) Parse(Action<Utf8JsonWriter> body, string name)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        var parsed = PolicyDocument.Parse(Encoding.UTF8.GetString(buffer.ToArray()), $"AWS policy {name}", name, "aws");
        return parsed.IsSuccess && parsed.Policies.Count == 1 ? (parsed.Policies[0], null) : (null, parsed.Error?.Message ?? "no policy");
    }
}
