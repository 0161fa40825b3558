namespace TlsDoctor.Aws;

/// <summary>
/// ClientTLSNegotiationErrorCount and TargetTLSNegotiationErrorCount of each Application and Network Load Balancer
/// (namespaces AWS/ApplicationELB and AWS/NetworkELB, dimension LoadBalancer, statistic Sum; metrics.md §1–2) through
/// one GetMetricData call per 500 queries. Classic Load Balancers publish no TLS metric and are left out.
/// </summary>
public static class AwsMetrics
{
    public static readonly IReadOnlyList<string> MetricNames = ["ClientTLSNegotiationErrorCount", "TargetTLSNegotiationErrorCount"];

    public static Task<AwsResult<IReadOnlyList<AwsMetricReport>>> ReadAsync(IAwsSource source, IReadOnlyList<string> loadBalancers,
        DateTimeOffset start, DateTimeOffset end, TimeSpan period, CancellationToken ct) =>
        AwsResult<IReadOnlyList<AwsMetricReport>>.Run(async () =>
        {
            var all = (await source.ElbV2LoadBalancersAsync(ct).ConfigureAwait(false)).Where(l => l.Type is "application" or "network" && l.MetricDimension is not null).ToList();
            var missing = loadBalancers.Where(w => !all.Any(lb => lb.Name == w || lb.Arn == w)).ToList();
            if (missing.Count > 0)
                throw new AwsException(new AwsError(AwsErrorKind.NotFound,
                    $"No Application or Network Load Balancer named {string.Join(", ", missing.Select(m => $"'{m}'"))} in this region (Classic Load Balancers publish no TLS metric)."));
            var chosen = all.Where(lb => loadBalancers.Count == 0 || loadBalancers.Contains(lb.Name) || loadBalancers.Contains(lb.Arn!)).ToList();
            var queries = new List<(AwsLoadBalancer Lb, AwsMetricQuery Query)>();
            foreach (var lb in chosen)
                foreach (var metric in MetricNames)
                    queries.Add((lb, new AwsMetricQuery($"m{queries.Count}", lb.Type == "network" ? "AWS/NetworkELB" : "AWS/ApplicationELB", metric, lb.MetricDimension!, period)));
            if (queries.Count == 0) return [];
            var series = await source.MetricDataAsync(queries.Select(q => q.Query).ToList(), start, end, ct).ConfigureAwait(false);
            return queries.Select(q =>
            {
                var points = series.Where(s => s.Id == q.Query.Id).SelectMany(s => s.Datapoints)
                    .GroupBy(d => d.Time).Select(g => new AwsDatapoint(g.Key, g.Sum(d => d.Value))).OrderBy(d => d.Time).ToList();
                var peak = points.Where(p => p.Value > 0).OrderByDescending(p => p.Value).ThenBy(p => p.Time).FirstOrDefault();
                return new AwsMetricReport(q.Lb.Name, q.Lb.Type, q.Query.MetricName, points.Sum(p => p.Value), points, peak);
            }).ToList();
        });
}
