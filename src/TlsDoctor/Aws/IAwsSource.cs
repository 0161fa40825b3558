namespace TlsDoctor.Aws;

/// <summary>
/// Where the AWS facts come from: the live APIs (<see cref="AwsLiveSource"/>) or JSON saved from the AWS CLI
/// (<see cref="AwsFileSource"/>). Both give the same records, so every reading command answers the same either way.
/// Failures are <see cref="AwsException"/>s, turned into values by the entry points.
/// </summary>
public interface IAwsSource
{
    /// <summary>Every ELBv2 load balancer (application, network, gateway), all pages.</summary>
    Task<IReadOnlyList<AwsLoadBalancer>> ElbV2LoadBalancersAsync(CancellationToken ct);

    /// <summary>Every listener of one ELBv2 load balancer, all pages.</summary>
    Task<IReadOnlyList<AwsListener>> ListenersAsync(string loadBalancerArn, CancellationToken ct);

    /// <summary>Every Classic Load Balancer with its listeners, all pages.</summary>
    Task<IReadOnlyList<AwsLoadBalancer>> ClassicLoadBalancersAsync(CancellationToken ct);

    /// <summary>The named policies of one Classic Load Balancer.</summary>
    Task<IReadOnlyList<AwsClassicPolicy>> ClassicPoliciesAsync(string loadBalancerName, IReadOnlyList<string> policyNames, CancellationToken ct);

    /// <summary>ELBv2 security policies: the named ones, or all when <paramref name="names"/> is empty.</summary>
    Task<IReadOnlyList<AwsSslPolicy>> SslPoliciesAsync(IReadOnlyList<string> names, CancellationToken ct);

    /// <summary>Sums per period for each query, between the two times.</summary>
    Task<IReadOnlyList<AwsMetricSeries>> MetricDataAsync(IReadOnlyList<AwsMetricQuery> queries, DateTimeOffset start, DateTimeOffset end, CancellationToken ct);
}
