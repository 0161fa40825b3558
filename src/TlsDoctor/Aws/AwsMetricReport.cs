namespace TlsDoctor.Aws;

/// <summary>
/// One TLS error metric of one load balancer over the window: the Sum per period (ascending time), the total, and the
/// period with the most errors (null when there were none). No datapoints means zero: the metric is only published
/// when nonzero (metrics.md).
/// </summary>
public sealed record AwsMetricReport(string LoadBalancer, string Type, string Metric, double Total, IReadOnlyList<AwsDatapoint> Datapoints, AwsDatapoint? Peak);
