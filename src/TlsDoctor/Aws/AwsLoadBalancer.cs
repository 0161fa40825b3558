using System.Text.Json;

namespace TlsDoctor.Aws;

/// <summary>
/// A load balancer as ELBv2 (application, network, gateway) or ELB (classic) describes it. Classic load balancers
/// carry their listeners inline (<see cref="ClassicListeners"/>); ELBv2 listeners come from DescribeListeners.
/// </summary>
public sealed record AwsLoadBalancer(string Name, string Type, string? DnsName, string? Arn, IReadOnlyList<AwsClassicListener> ClassicListeners)
{
    /// <summary>The CloudWatch <c>LoadBalancer</c> dimension: the ARN's part after "loadbalancer/" (app/NAME/ID, net/NAME/ID).</summary>
    public string? MetricDimension => Arn is { } arn && arn.IndexOf(":loadbalancer/", StringComparison.Ordinal) is var i and >= 0
        ? arn[(i + ":loadbalancer/".Length)..] : null;

    /// <summary>ELBv2 DescribeLoadBalancers member (api-shapes.md §1.1).</summary>
    public static AwsLoadBalancer FromElbV2Xml(AwsXmlElement m) =>
        new(m.Value("LoadBalancerName") ?? "", m.Value("Type") ?? "application", m.Value("DNSName"), m.Value("LoadBalancerArn"), []);

    /// <summary>ELB DescribeLoadBalancers member (api-shapes.md §2.1).</summary>
    public static AwsLoadBalancer FromClassicXml(AwsXmlElement m) =>
        new(m.Value("LoadBalancerName") ?? "", "classic", m.Value("DNSName"), null,
            m.Members("ListenerDescriptions").Select(d => new AwsClassicListener(
                d.Child("Listener")?.Value("Protocol") ?? "",
                AwsCliJson.Int(d.Child("Listener")?.Value("LoadBalancerPort")),
                d.Child("Listener")?.Value("SSLCertificateId"),
                d.Strings("PolicyNames"))).ToList());

    /// <summary>An element of <c>aws elbv2 describe-load-balancers</c>' "LoadBalancers".</summary>
    public static AwsLoadBalancer FromElbV2Json(JsonElement e) =>
        new(AwsCliJson.Str(e, "LoadBalancerName") ?? "", AwsCliJson.Str(e, "Type") ?? "application", AwsCliJson.Str(e, "DNSName"), AwsCliJson.Str(e, "LoadBalancerArn"), []);

    /// <summary>An element of <c>aws elb describe-load-balancers</c>' "LoadBalancerDescriptions".</summary>
    public static AwsLoadBalancer FromClassicJson(JsonElement e) =>
        new(AwsCliJson.Str(e, "LoadBalancerName") ?? "", "classic", AwsCliJson.Str(e, "DNSName"), null,
            AwsCliJson.Array(e, "ListenerDescriptions").Select(d =>
            {
                var listener = d.TryGetProperty("Listener", out var l) && l.ValueKind == JsonValueKind.Object ? l : default;
                return new AwsClassicListener(
                    listener.ValueKind == JsonValueKind.Object ? AwsCliJson.Str(listener, "Protocol") ?? "" : "",
                    listener.ValueKind == JsonValueKind.Object ? AwsCliJson.IntOf(listener, "LoadBalancerPort") : 0,
                    listener.ValueKind == JsonValueKind.Object ? AwsCliJson.Str(listener, "SSLCertificateId") : null,
                    AwsCliJson.Strings(d, "PolicyNames"));
            }).ToList());
}
