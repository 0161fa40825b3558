using System.Text.RegularExpressions;

namespace TlsDoctor.Testing;

/// <summary>
/// A small AWS account served by <see cref="AwsQueryServer"/> from the documented samples (../shared/reference/aws/api-samples):
/// the ALB my-load-balancer (HTTPS 443 with ELBSecurityPolicy-2015-05, HTTP 80), the NLB my-network-loadbalancer (TLS 443 with
/// ELBSecurityPolicy-TLS13-1-2-2021-06, its listeners over two pages), and the Classic Load Balancer of the ELB sample,
/// renamed my-classic-lb (ELB and ELBv2 names share one namespace per region), whose HTTPS 443 listener uses the custom
/// policy my-SSLNegotiation-policy of the DescribeLoadBalancerPolicies sample. ELBv2 DescribeLoadBalancers answers over two
/// pages (the NLB page is the ALB sample with the NLB's names). Every change to a sample is a textual replacement here.
/// </summary>
public static class AwsScenario
{
    public const string AccessKey = "AKIDTESTSCENARIO0001";
    public const string SecretKey = "tEsT/sEcReT+kEy/wJalrXUtnFEMI/K7MDENG";
    public const string SessionToken = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN//test+token=";
    public const string Region = "us-west-2";

    public const string AlbArn = "arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/my-load-balancer/50dc6c495c0c9188";
    public const string NlbArn = "arn:aws:elasticloadbalancing:us-east-2:123456789012:loadbalancer/net/my-network-loadbalancer/c6e77e28c25b2234";
    public const string AlbHttpsListenerArn = "arn:aws:elasticloadbalancing:us-west-2:123456789012:listener/app/my-load-balancer/50dc6c495c0c9188/0467ef3c8400ae65";
    public const string NlbTlsListenerArn = "arn:aws:elasticloadbalancing:us-east-2:123456789012:listener/net/my-network-loadbalancer/c6e77e28c25b2234/g3d4b5e8bb8464cd";

    public static AwsQueryServer Start()
    {
        var server = new AwsQueryServer((AccessKey, SecretKey));
        Serve(server);
        return server;
    }

    /// <summary>The variables that point the session (and the AWS CLI) at the server with the scenario's credentials.</summary>
    public static AwsEnvironment Environment(AwsQueryServer server, bool withToken = true) => new(
        ("AWS_ACCESS_KEY_ID", AccessKey), ("AWS_SECRET_ACCESS_KEY", SecretKey), ("AWS_SESSION_TOKEN", withToken ? SessionToken : null),
        ("AWS_REGION", Region), ("AWS_ENDPOINT_URL", server.Url));

    public static void Serve(AwsQueryServer server)
    {
        server.On("DescribeLoadBalancers", r => r.Version == "2012-06-01" ? ClassicLoadBalancers() : r.Get("Marker") switch
        {
            null => Edit("elbv2-DescribeLoadBalancers.response.xml", ("</LoadBalancers>", "</LoadBalancers><NextMarker>page-2</NextMarker>")),
            "page-2" => Edit("elbv2-DescribeLoadBalancers.response.xml",
                ("loadbalancer/app/my-load-balancer/50dc6c495c0c9188", "loadbalancer/net/my-network-loadbalancer/c6e77e28c25b2234"),
                ("arn:aws:elasticloadbalancing:us-west-2", "arn:aws:elasticloadbalancing:us-east-2"),
                ("<LoadBalancerName>my-load-balancer</LoadBalancerName>", "<LoadBalancerName>my-network-loadbalancer</LoadBalancerName>"),
                ("my-load-balancer-424835706.us-west-2.elb.amazonaws.com", "my-network-loadbalancer-c6e77e28c25b2234.elb.us-east-2.amazonaws.com"),
                ("<Type>application</Type>", "<Type>network</Type>")),
            var other => AwsQueryServer.Error("ValidationError", $"Invalid marker {other}"),
        });
        server.On("DescribeListeners", Listeners);
        server.On("DescribeLoadBalancerPolicies", r => r.Get("LoadBalancerName") == "my-classic-lb"
            ? AwsQueryServer.Sample("elb-DescribeLoadBalancerPolicies.response.xml")
            : AwsQueryServer.Sample("error-elb-LoadBalancerNotFound.xml", 400));
        server.On("DescribeSSLPolicies", r => r.Get("Names.member.1") is null or "ELBSecurityPolicy-TLS13-1-2-2021-06"
            ? AwsQueryServer.Sample("elbv2-DescribeSSLPolicies.response.xml")
            : AwsQueryServer.Sample("error-elbv2-SSLPolicyNotFound.xml", 400));
        server.OnSample("ModifyListener", "elbv2-ModifyListener.response.xml");
        server.OnSample("CreateLoadBalancerPolicy", "elb-CreateLoadBalancerPolicy.response.xml");
        server.OnSample("SetLoadBalancerPoliciesOfListener", "elb-SetLoadBalancerPoliciesOfListener.response.xml");
    }

    private static AwsQueryServer.Response Listeners(AwsQueryServer.Request r) => (r.Get("LoadBalancerArn"), r.Get("Marker")) switch
    {
        (AlbArn, null) => AwsQueryServer.Sample("elbv2-DescribeListeners.response.xml"),
        (NlbArn, null) => AwsQueryServer.Sample("elbv2-DescribeListeners-nlb-tls.response.xml"),
        (NlbArn, "EXAMPLEMARKER-opaque-string") => Edit("elbv2-DescribeListeners-nlb-tls.response.xml",
            (@"(?s)<Listeners>.*</Listeners>", "<Listeners/>"), (@"<NextMarker>.*</NextMarker>", "")),
        _ => AwsQueryServer.Sample("error-elbv2-ListenerNotFound.xml", 400),
    };

    /// <summary>
    /// Makes the NLB's DNS name <paramref name="host"/> and its TLS listener's port <paramref name="port"/> (a local TLS
    /// server standing in for the load balancer), everything else as <see cref="Serve"/> answers it.
    /// </summary>
    public static void ServeNlbAt(AwsQueryServer server, string host, int port)
    {
        var loadBalancers = server.Handler("DescribeLoadBalancers");
        server.On("DescribeLoadBalancers", r => loadBalancers(r) is var a && r.Get("Marker") == "page-2"
            ? a with { Body = a.Body.Replace("my-network-loadbalancer-c6e77e28c25b2234.elb.us-east-2.amazonaws.com", host) }
            : a);
        server.On("DescribeListeners", r => Listeners(r) is var a && r.Get("LoadBalancerArn") == NlbArn
            ? a with { Body = a.Body.Replace("<Port>443</Port>", $"<Port>{port}</Port>") }
            : a);
    }

    public static AwsQueryServer.Response ClassicLoadBalancers() => Edit("elb-DescribeLoadBalancers.response.xml",
        ("<LoadBalancerName>my-load-balancer</LoadBalancerName>", "<LoadBalancerName>my-classic-lb</LoadBalancerName>"),
        ("my-load-balancer-1234567890.us-west-2.elb.amazonaws.com", "my-classic-lb-1234567890.us-west-2.elb.amazonaws.com"),
        ("<member>ELBSecurityPolicy-2015-03</member>\n            </PolicyNames>", "<member>my-SSLNegotiation-policy</member>\n            </PolicyNames>"));

    /// <summary>A sample with replacements (a pattern starting "(?s)" or containing ".*" is a regular expression); each must match.</summary>
    public static AwsQueryServer.Response Edit(string sample, params (string From, string To)[] replacements)
    {
        var text = AwsQueryServer.Sample(sample).Body;
        foreach (var (from, to) in replacements)
        {
            var regex = from.StartsWith("(?s)", StringComparison.Ordinal) || from.Contains(".*");
            var edited = regex ? Regex.Replace(text, from, to) : text.Replace(from, to);
            if (edited == text) throw new InvalidOperationException($"{sample}: '{from}' not found");
            text = edited;
        }
        return new(200, text);
    }
}
