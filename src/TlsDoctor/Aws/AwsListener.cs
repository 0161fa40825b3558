using System.Text.Json;

namespace TlsDoctor.Aws;

/// <summary>An ELBv2 listener (DescribeListeners; api-shapes.md §1.2).</summary>
public sealed record AwsListener(string Arn, string LoadBalancerArn, int Port, string Protocol, string? SslPolicy, IReadOnlyList<string> Certificates)
{
    /// <summary>HTTPS (ALB) and TLS (NLB) listeners terminate TLS and carry SslPolicy.</summary>
    public bool IsTls => Protocol is "HTTPS" or "TLS";

    public static AwsListener FromXml(AwsXmlElement m) =>
        new(m.Value("ListenerArn") ?? "", m.Value("LoadBalancerArn") ?? "", AwsCliJson.Int(m.Value("Port")), m.Value("Protocol") ?? "",
            NullIfEmpty(m.Value("SslPolicy")), m.Members("Certificates").Select(c => c.Value("CertificateArn")).OfType<string>().ToList());

    public static AwsListener FromJson(JsonElement e) =>
        new(AwsCliJson.Str(e, "ListenerArn") ?? "", AwsCliJson.Str(e, "LoadBalancerArn") ?? "", AwsCliJson.IntOf(e, "Port"), AwsCliJson.Str(e, "Protocol") ?? "",
            NullIfEmpty(AwsCliJson.Str(e, "SslPolicy")), AwsCliJson.Array(e, "Certificates").Select(c => AwsCliJson.Str(c, "CertificateArn")).OfType<string>().ToList());

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
