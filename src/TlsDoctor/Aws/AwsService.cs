namespace TlsDoctor.Aws;

/// <summary>
/// One AWS service this tool calls: the names the AWS CLI and the service model use for it.
/// <see cref="EndpointVariable"/> is the service-specific endpoint variable the AWS CLI reads: the model's
/// serviceId, upper-cased, spaces to underscores (AWS SDKs and Tools reference guide, "Service-specific
/// endpoints"), so ELBv2 ("Elastic Load Balancing v2") has its own variable beside Classic's.
/// </summary>
public sealed record AwsService(
    string ServiceId,
    string EndpointPrefix,
    string SigningName,
    string? ApiVersion,
    string? XmlNamespace,
    string ConfigKey,
    string IamPrefix)
{
    /// <summary>For a service spoken in the AWS JSON protocol: the X-Amz-Target prefix (the model's targetPrefix).</summary>
    public string? JsonTargetPrefix { get; init; }

    public static readonly AwsService ElasticLoadBalancingV2 = new(
        "Elastic Load Balancing v2", "elasticloadbalancing", "elasticloadbalancing", "2015-12-01",
        "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/", "elastic_load_balancing_v2", "elasticloadbalancing");

    public static readonly AwsService ElasticLoadBalancing = new(
        "Elastic Load Balancing", "elasticloadbalancing", "elasticloadbalancing", "2012-06-01",
        "http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/", "elastic_load_balancing", "elasticloadbalancing");

    public static readonly AwsService CloudWatch = new(
        "CloudWatch", "monitoring", "monitoring", "2010-08-01",
        "http://monitoring.amazonaws.com/doc/2010-08-01/", "cloudwatch", "cloudwatch");

    /// <summary>ACM (AWS JSON 1.1): DescribeCertificate gives the key algorithm of a listener's certificate.</summary>
    public static readonly AwsService CertificateManager = new("ACM", "acm", "acm", null, null, "acm", "acm")
    {
        JsonTargetPrefix = "CertificateManager",
    };

    /// <summary>S3 is called through AWSSDK.S3; the session only resolves its endpoint and credentials.</summary>
    public static readonly AwsService S3 = new("S3", "s3", "s3", null, null, "s3", "s3");

    public string EndpointVariable => "AWS_ENDPOINT_URL_" + ServiceId.ToUpperInvariant().Replace(' ', '_');

    public override string ToString() => ServiceId;
}
