using TlsDoctor.Io;
using System.Text.Json;

namespace TlsDoctor.Aws;

/// <summary>
/// The AWS facts from JSON saved from the AWS CLI (--from-file), each file recognised by its top-level member:
/// LoadBalancers (aws elbv2 describe-load-balancers), Listeners (describe-listeners), SslPolicies
/// (describe-ssl-policies), LoadBalancerDescriptions (aws elb describe-load-balancers), PolicyDescriptions
/// (describe-load-balancer-policies) and MetricDataResults (aws cloudwatch get-metric-data). Several files of one
/// kind add up. A question whose file is missing is a <see cref="AwsErrorKind.BadInput"/> error naming the command to run.
/// </summary>
public sealed class AwsFileSource : IAwsSource
{
    /// <summary>Saved AWS CLI output, read through the one bounded reader: big accounts' outputs stay far below 64 MiB.</summary>
    public static readonly InputKind CliOutput = new("saved AWS CLI output", 64 << 20);

    private readonly List<AwsLoadBalancer>? _v2;
    private readonly List<AwsListener>? _listeners;
    private readonly List<AwsLoadBalancer>? _classic;
    private readonly List<AwsClassicPolicy>? _classicPolicies;
    private readonly List<AwsSslPolicy>? _sslPolicies;
    private readonly List<AwsMetricSeries>? _metrics;

    private AwsFileSource(List<AwsLoadBalancer>? v2, List<AwsListener>? listeners, List<AwsLoadBalancer>? classic,
        List<AwsClassicPolicy>? classicPolicies, List<AwsSslPolicy>? sslPolicies, List<AwsMetricSeries>? metrics)
    {
        (_v2, _listeners, _classic, _classicPolicies, _sslPolicies, _metrics) = (v2, listeners, classic, classicPolicies, sslPolicies, metrics);
    }

    /// <summary>Reads every file; any unreadable or unrecognised file fails the whole load with one sentence naming it.</summary>
    public static AwsResult<AwsFileSource> Load(IReadOnlyList<string> paths)
    {
        List<AwsLoadBalancer>? v2 = null, classic = null;
        List<AwsListener>? listeners = null;
        List<AwsClassicPolicy>? classicPolicies = null;
        List<AwsSslPolicy>? sslPolicies = null;
        List<AwsMetricSeries>? metrics = null;
        foreach (var path in paths)
        {
            var read = BoundedInput.Read(path, CliOutput);
            if (read.Error is { } readError) return Bad($"--from-file: {readError}.");
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(read.Bytes!, new JsonDocumentOptions { MaxDepth = 64 });
            }
            catch (JsonException e)
            {
                return Bad($"--from-file: '{path}' is not JSON (line {(e.LineNumber ?? 0) + 1}); save the AWS CLI's output with --output json.");
            }
            using (doc)
            {
                var root = doc.RootElement;
                var recognised = false;
                void Take<T>(string member, ref List<T>? into, Func<JsonElement, T> map)
                {
                    if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(member, out var list) || list.ValueKind != JsonValueKind.Array) return;
                    into ??= [];
                    into.AddRange(list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).Select(map));
                    recognised = true;
                }
                Take("LoadBalancers", ref v2, AwsLoadBalancer.FromElbV2Json);
                Take("Listeners", ref listeners, AwsListener.FromJson);
                Take("LoadBalancerDescriptions", ref classic, AwsLoadBalancer.FromClassicJson);
                Take("PolicyDescriptions", ref classicPolicies, AwsClassicPolicy.FromJson);
                Take("SslPolicies", ref sslPolicies, AwsSslPolicy.FromJson);
                Take("MetricDataResults", ref metrics, AwsMetricSeries.FromJson);
                if (!recognised)
                    return Bad($"--from-file: '{path}' is none of the AWS CLI outputs read here (elbv2 describe-load-balancers, describe-listeners, describe-ssl-policies; elb describe-load-balancers, describe-load-balancer-policies; cloudwatch get-metric-data).");
            }
        }
        return AwsResult<AwsFileSource>.Success(new AwsFileSource(v2, listeners, classic, classicPolicies, sslPolicies, metrics));
    }

    public Task<IReadOnlyList<AwsLoadBalancer>> ElbV2LoadBalancersAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<AwsLoadBalancer>>(_v2 ?? (_listeners is null ? [] : throw Missing("aws elbv2 describe-load-balancers")));

    public Task<IReadOnlyList<AwsListener>> ListenersAsync(string loadBalancerArn, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<AwsListener>>((_listeners ?? throw Missing("aws elbv2 describe-listeners --load-balancer-arn ARN"))
            .Where(l => l.LoadBalancerArn == loadBalancerArn).ToList());

    public Task<IReadOnlyList<AwsLoadBalancer>> ClassicLoadBalancersAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<AwsLoadBalancer>>(_classic ?? []);

    public Task<IReadOnlyList<AwsClassicPolicy>> ClassicPoliciesAsync(string loadBalancerName, IReadOnlyList<string> policyNames, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<AwsClassicPolicy>>((_classicPolicies ?? throw Missing($"aws elb describe-load-balancer-policies --load-balancer-name {loadBalancerName}"))
            .Where(p => policyNames.Contains(p.Name)).ToList());

    public Task<IReadOnlyList<AwsSslPolicy>> SslPoliciesAsync(IReadOnlyList<string> names, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<AwsSslPolicy>>((_sslPolicies ?? throw Missing("aws elbv2 describe-ssl-policies"))
            .Where(p => names.Count == 0 || names.Contains(p.Name)).ToList());

    /// <summary>
    /// Each query's series is the saved result with the same Label (or, failing that, the same Id). The saved window
    /// is the one the CLI was asked for, so the times given here do not filter it.
    /// </summary>
    public Task<IReadOnlyList<AwsMetricSeries>> MetricDataAsync(IReadOnlyList<AwsMetricQuery> queries, DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        var saved = _metrics ?? throw Missing("aws cloudwatch get-metric-data (see docs/aws.md for the queries)");
        return Task.FromResult<IReadOnlyList<AwsMetricSeries>>(queries.Select(q =>
        {
            var matches = saved.Where(s => s.Label == q.Label).ToList();
            if (matches.Count == 0) matches = saved.Where(s => s.Id == q.Id && s.Label == "").ToList();
            return new AwsMetricSeries(q.Id, q.Label, matches.SelectMany(m => m.Datapoints).ToList());
        }).ToList());
    }

    private static AwsResult<AwsFileSource> Bad(string message) => AwsResult<AwsFileSource>.Failure(new AwsError(AwsErrorKind.BadInput, message));

    private static AwsException Missing(string command) =>
        new(new AwsError(AwsErrorKind.BadInput, $"--from-file: this needs the output of '{command}', and none of the files holds it."));
}
