namespace TlsDoctor.Aws;

/// <summary>
/// One CloudWatch metric to read as a Sum per <see cref="Period"/>: <see cref="Label"/> is "DIMENSION METRIC" (e.g.
/// "app/my-lb/50dc6c495c0c9188 ClientTLSNegotiationErrorCount"), which ties results saved by the AWS CLI back to
/// their load balancer and metric.
/// </summary>
public sealed record AwsMetricQuery(string Id, string Namespace, string MetricName, string LoadBalancerDimension, TimeSpan Period)
{
    public string Label => $"{LoadBalancerDimension} {MetricName}";
}
