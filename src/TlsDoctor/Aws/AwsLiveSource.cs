using System.Globalization;

namespace TlsDoctor.Aws;

/// <summary>
/// The live ELB, ELBv2 and CloudWatch Query APIs through one <see cref="QueryClient"/>, reads and the few writes
/// set-policy makes. Request parameters follow api-shapes.md and requests.txt.
/// </summary>
public sealed class AwsLiveSource(QueryClient client) : IAwsSource
{
    private const string PageSize = "400";

    public QueryClient Client { get; } = client;

    public async Task<IReadOnlyList<AwsLoadBalancer>> ElbV2LoadBalancersAsync(CancellationToken ct)
    {
        var result = new List<AwsLoadBalancer>();
        await foreach (var page in Client.PagesAsync(AwsService.ElasticLoadBalancingV2, "DescribeLoadBalancers", [new("PageSize", PageSize)], ct))
            result.AddRange(page.Members("LoadBalancers").Select(AwsLoadBalancer.FromElbV2Xml));
        return result;
    }

    public async Task<IReadOnlyList<AwsListener>> ListenersAsync(string loadBalancerArn, CancellationToken ct)
    {
        var result = new List<AwsListener>();
        await foreach (var page in Client.PagesAsync(AwsService.ElasticLoadBalancingV2, "DescribeListeners",
                           [new("LoadBalancerArn", loadBalancerArn), new("PageSize", PageSize)], ct))
            result.AddRange(page.Members("Listeners").Select(AwsListener.FromXml));
        return result;
    }

    public async Task<IReadOnlyList<AwsLoadBalancer>> ClassicLoadBalancersAsync(CancellationToken ct)
    {
        var result = new List<AwsLoadBalancer>();
        await foreach (var page in Client.PagesAsync(AwsService.ElasticLoadBalancing, "DescribeLoadBalancers", [new("PageSize", PageSize)], ct))
            result.AddRange(page.Members("LoadBalancerDescriptions").Select(AwsLoadBalancer.FromClassicXml));
        return result;
    }

    public async Task<IReadOnlyList<AwsClassicPolicy>> ClassicPoliciesAsync(string loadBalancerName, IReadOnlyList<string> policyNames, CancellationToken ct)
    {
        var parameters = new List<KeyValuePair<string, string>> { new("LoadBalancerName", loadBalancerName) };
        parameters.AddRange(Members("PolicyNames", policyNames));
        var result = await Client.CallAsync(AwsService.ElasticLoadBalancing, "DescribeLoadBalancerPolicies", parameters, ct).ConfigureAwait(false);
        return result.Members("PolicyDescriptions").Select(AwsClassicPolicy.FromXml).ToList();
    }

    public async Task<IReadOnlyList<AwsSslPolicy>> SslPoliciesAsync(IReadOnlyList<string> names, CancellationToken ct)
    {
        var result = new List<AwsSslPolicy>();
        var parameters = Members("Names", names).Append(new("PageSize", PageSize)).ToList();
        await foreach (var page in Client.PagesAsync(AwsService.ElasticLoadBalancingV2, "DescribeSSLPolicies", parameters, ct))
            result.AddRange(page.Members("SslPolicies").Select(AwsSslPolicy.FromXml));
        return result;
    }

    public async Task<IReadOnlyList<AwsMetricSeries>> MetricDataAsync(IReadOnlyList<AwsMetricQuery> queries, DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        var merged = new Dictionary<string, (string Label, List<AwsDatapoint> Points)>();
        // GetMetricData takes up to 500 queries per call (metrics.md §4).
        foreach (var chunk in queries.Chunk(500))
        {
            var parameters = new List<KeyValuePair<string, string>>();
            for (var i = 0; i < chunk.Length; i++)
            {
                var q = chunk[i];
                var p = $"MetricDataQueries.member.{i + 1}.";
                parameters.Add(new(p + "Id", q.Id));
                parameters.Add(new(p + "Label", q.Label));
                parameters.Add(new(p + "MetricStat.Metric.Namespace", q.Namespace));
                parameters.Add(new(p + "MetricStat.Metric.MetricName", q.MetricName));
                parameters.Add(new(p + "MetricStat.Metric.Dimensions.member.1.Name", "LoadBalancer"));
                parameters.Add(new(p + "MetricStat.Metric.Dimensions.member.1.Value", q.LoadBalancerDimension));
                parameters.Add(new(p + "MetricStat.Period", ((int)q.Period.TotalSeconds).ToString(CultureInfo.InvariantCulture)));
                parameters.Add(new(p + "MetricStat.Stat", "Sum"));
            }
            parameters.Add(new("StartTime", Iso(start)));
            parameters.Add(new("EndTime", Iso(end)));
            parameters.Add(new("ScanBy", "TimestampAscending"));
            await foreach (var page in Client.PagesAsync(AwsService.CloudWatch, "GetMetricData", parameters, ct, "NextToken", "NextToken"))
                foreach (var series in page.Members("MetricDataResults").Select(AwsMetricSeries.FromXml))
                {
                    if (!merged.TryGetValue(series.Id, out var entry)) merged[series.Id] = entry = (series.Label, []);
                    entry.Points.AddRange(series.Datapoints);
                }
        }
        return merged.Select(kv => new AwsMetricSeries(kv.Key, kv.Value.Label, kv.Value.Points)).ToList();
    }

    /// <summary>ELBv2 ModifyListener changing only the security policy (api-shapes.md §1.4: unspecified properties stay).</summary>
    public Task ModifyListenerPolicyAsync(string listenerArn, string policy, CancellationToken ct) =>
        Client.CallAsync(AwsService.ElasticLoadBalancingV2, "ModifyListener", [new("ListenerArn", listenerArn), new("SslPolicy", policy)], ct);

    /// <summary>ELB CreateLoadBalancerPolicy of type SSLNegotiationPolicyType with the given attributes, in order.</summary>
    public Task CreateLoadBalancerPolicyAsync(string loadBalancerName, string policyName, IReadOnlyList<KeyValuePair<string, string>> attributes, CancellationToken ct)
    {
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("LoadBalancerName", loadBalancerName), new("PolicyName", policyName), new("PolicyTypeName", AwsClassicPolicy.SslNegotiationType),
        };
        for (var i = 0; i < attributes.Count; i++)
        {
            parameters.Add(new($"PolicyAttributes.member.{i + 1}.AttributeName", attributes[i].Key));
            parameters.Add(new($"PolicyAttributes.member.{i + 1}.AttributeValue", attributes[i].Value));
        }
        return Client.CallAsync(AwsService.ElasticLoadBalancing, "CreateLoadBalancerPolicy", parameters, ct);
    }

    /// <summary>ELB SetLoadBalancerPoliciesOfListener: the list replaces every policy of the listener (an empty list is "PolicyNames=").</summary>
    public Task SetLoadBalancerPoliciesOfListenerAsync(string loadBalancerName, int port, IReadOnlyList<string> policyNames, CancellationToken ct)
    {
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("LoadBalancerName", loadBalancerName), new("LoadBalancerPort", port.ToString(CultureInfo.InvariantCulture)),
        };
        if (policyNames.Count == 0) parameters.Add(new("PolicyNames", ""));
        else parameters.AddRange(Members("PolicyNames", policyNames));
        return Client.CallAsync(AwsService.ElasticLoadBalancing, "SetLoadBalancerPoliciesOfListener", parameters, ct);
    }

    private static IEnumerable<KeyValuePair<string, string>> Members(string list, IReadOnlyList<string> values) =>
        values.Select((v, i) => new KeyValuePair<string, string>($"{list}.member.{i + 1}", v));

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
