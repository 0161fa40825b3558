using TlsDoctor.Negotiation;
using TlsDoctor.Policies;

namespace TlsDoctor.Aws;

/// <summary>
/// Every listener of every load balancer in the region, with its security policy resolved (api-shapes.md: ELBv2
/// DescribeLoadBalancers + DescribeListeners; ELB DescribeLoadBalancers + DescribeLoadBalancerPolicies for the
/// policies of each HTTPS/SSL listener). Gateway load balancers have no TLS listeners and are skipped.
/// </summary>
public static class AwsInventory
{
    /// <param name="loadBalancers">Names or ARNs to keep; empty for all. A name or ARN that matches nothing is an error.</param>
    public static Task<AwsResult<IReadOnlyList<AwsTlsListener>>> ListenersAsync(IAwsSource source, IReadOnlyList<string> loadBalancers, bool includeNonTls, CancellationToken ct) =>
        AwsResult<IReadOnlyList<AwsTlsListener>>.Run(async () =>
        {
            var v2 = (await source.ElbV2LoadBalancersAsync(ct).ConfigureAwait(false)).Where(l => l.Type is "application" or "network").ToList();
            var classic = await source.ClassicLoadBalancersAsync(ct).ConfigureAwait(false);
            var wanted = new HashSet<string>(loadBalancers, StringComparer.Ordinal);
            bool Keep(AwsLoadBalancer lb) => wanted.Count == 0 || wanted.Contains(lb.Name) || lb.Arn is not null && wanted.Contains(lb.Arn);
            var missing = wanted.Where(w => !v2.Concat(classic).Any(lb => lb.Name == w || lb.Arn == w)).ToList();
            if (missing.Count > 0)
                throw new AwsException(new AwsError(AwsErrorKind.NotFound,
                    $"No load balancer named {string.Join(", ", missing.Select(m => $"'{m}'"))} in this region (checked ELBv2 and Classic)."));

            var result = new List<AwsTlsListener>();
            var unknownPolicies = new List<(int Index, string Name)>();
            foreach (var lb in v2.Where(Keep))
                foreach (var listener in (await source.ListenersAsync(lb.Arn!, ct).ConfigureAwait(false)).OrderBy(l => l.Port))
                {
                    if (!listener.IsTls && !includeNonTls) continue;
                    var type = lb.Type == "network" ? "NLB" : "ALB";
                    var found = listener.SslPolicy is { } name ? PolicyCatalog.Find(name, type) : null;
                    if (listener.SslPolicy is not null && found?.IsSuccess != true) unknownPolicies.Add((result.Count, listener.SslPolicy));
                    result.Add(new AwsTlsListener(lb.Name, lb.Type, lb.DnsName, lb.Arn, listener.Arn, listener.Port, listener.Protocol,
                        listener.SslPolicy, found?.IsSuccess == true, found?.IsSuccess == true ? found.Policy : null, null, listener.Certificates));
                }
            if (unknownPolicies.Count > 0) await DescribeUnknownAsync(source, result, unknownPolicies, ct).ConfigureAwait(false);

            foreach (var lb in classic.Where(Keep))
                foreach (var listener in lb.ClassicListeners.OrderBy(l => l.Port))
                {
                    if (!listener.IsTls)
                    {
                        if (includeNonTls)
                            result.Add(new AwsTlsListener(lb.Name, lb.Type, lb.DnsName, null, null, listener.Port, listener.Protocol, null, false, null, null, []));
                        continue;
                    }
                    result.Add(await ClassicListenerAsync(source, lb, listener, ct).ConfigureAwait(false));
                }
            return result;
        });

    /// <summary>
    /// The listener <paramref name="id"/> names: a listener ARN, or NAME:PORT for any load-balancer type (the load
    /// balancer's name and the listener's port).
    /// </summary>
    public static async Task<AwsResult<AwsTlsListener>> FindAsync(IAwsSource source, string id, CancellationToken ct)
    {
        var isArn = id.StartsWith("arn:", StringComparison.Ordinal);
        string? name = null;
        var port = 0;
        if (!isArn)
        {
            var colon = id.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(id[(colon + 1)..], out port) || port is < 1 or > 65535)
                return AwsResult<AwsTlsListener>.Failure(new AwsError(AwsErrorKind.BadInput, $"--listener '{id}' is neither a listener ARN nor NAME:PORT."));
            name = id[..colon];
        }
        var all = await ListenersAsync(source, name is null ? [] : [name], includeNonTls: true, ct).ConfigureAwait(false);
        if (!all.IsSuccess) return AwsResult<AwsTlsListener>.Failure(all.Error!);
        var match = all.Value!.FirstOrDefault(l => isArn ? l.ListenerArn == id : l.LoadBalancer == name && l.Port == port);
        if (match is null)
            return AwsResult<AwsTlsListener>.Failure(new AwsError(AwsErrorKind.NotFound,
                isArn ? $"No listener with ARN {id} in this region." : $"The load balancer '{name}' has no listener on port {port}."));
        return AwsResult<AwsTlsListener>.Success(match);
    }

    private static async Task DescribeUnknownAsync(IAwsSource source, List<AwsTlsListener> result, List<(int Index, string Name)> unknown, CancellationToken ct)
    {
        IReadOnlyList<AwsSslPolicy> described;
        try
        {
            described = await source.SslPoliciesAsync(unknown.Select(u => u.Name).Distinct().ToList(), ct).ConfigureAwait(false);
        }
        catch (AwsException e) when (e.Error.Kind is AwsErrorKind.NotFound or AwsErrorKind.BadInput or AwsErrorKind.AccessDenied)
        {
            return;   // the listing still stands; these policies show without contents
        }
        foreach (var (index, name) in unknown)
            if (described.FirstOrDefault(p => p.Name == name) is { } policy && AwsPolicyContents.FromSslPolicy(policy).Policy is { } contents)
                result[index] = result[index] with { Policy = contents };
    }

    private static async Task<AwsTlsListener> ClassicListenerAsync(IAwsSource source, AwsLoadBalancer lb, AwsClassicListener listener, CancellationToken ct)
    {
        AwsClassicPolicy? negotiation = null;
        if (listener.PolicyNames.Count > 0)
            negotiation = (await source.ClassicPoliciesAsync(lb.Name, listener.PolicyNames, ct).ConfigureAwait(false)).FirstOrDefault(p => p.IsSslNegotiation);
        var name = negotiation?.Name ?? listener.PolicyNames.FirstOrDefault(n => PolicyCatalog.Find(n, "CLB").IsSuccess);
        var known = name is not null && PolicyCatalog.Find(name, "CLB").IsSuccess;
        ServerPolicy? contents = negotiation is not null ? AwsPolicyContents.FromClassicPolicy(negotiation).Policy : null;
        if (contents is null && known) contents = PolicyCatalog.Find(name!, "CLB").Policy;
        var certificates = listener.CertificateId is null ? [] : new[] { listener.CertificateId };
        return new AwsTlsListener(lb.Name, lb.Type, lb.DnsName, null, null, listener.Port, listener.Protocol, name, known, contents, negotiation, certificates)
        {
            ListenerPolicyNames = listener.PolicyNames,
        };
    }
}
