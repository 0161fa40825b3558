using TlsDoctor.Policies;
using TlsDoctor.Registry;

namespace TlsDoctor.Aws;

/// <summary>DescribeSSLPolicies (all pages) compared with the catalog, policy by policy, through <see cref="PolicyDiff"/>.</summary>
public static class AwsPolicyComparison
{
    public static Task<AwsResult<IReadOnlyList<AwsPolicyCheck>>> CompareAsync(IAwsSource source, CancellationToken ct) =>
        AwsResult<IReadOnlyList<AwsPolicyCheck>>.Run(async () =>
        {
            var live = await source.SslPoliciesAsync([], ct).ConfigureAwait(false);
            return live.OrderBy(p => p.Name, StringComparer.Ordinal).Select(Check).ToList();
        });

    public static AwsPolicyCheck Check(AwsSslPolicy policy)
    {
        var type = policy.SupportedLoadBalancerTypes.Contains("network") && !policy.SupportedLoadBalancerTypes.Contains("application") ? "NLB" : "ALB";
        var found = PolicyCatalog.Find(policy.Name, type);
        if (!found.IsSuccess) return new AwsPolicyCheck(policy.Name, false, policy.SupportedLoadBalancerTypes, []);
        var (contents, error) = AwsPolicyContents.FromSslPolicy(policy);
        if (contents is null) return new AwsPolicyCheck(policy.Name, true, policy.SupportedLoadBalancerTypes, [$"AWS's description could not be read: {error}"]);
        var diff = PolicyDiff.Compare(found.Policy, contents);
        var differences = new List<string>();
        if (diff.ProtocolsAdded.Count > 0) differences.Add($"AWS adds protocols {string.Join(", ", diff.ProtocolsAdded.Select(v => v.AwsName))}");
        if (diff.ProtocolsRemoved.Count > 0) differences.Add($"AWS lacks protocols {string.Join(", ", diff.ProtocolsRemoved.Select(v => v.AwsName))}");
        if (diff.SuitesAdded.Count > 0) differences.Add($"AWS adds suites {string.Join(", ", diff.SuitesAdded.Select(Name))}");
        if (diff.SuitesRemoved.Count > 0) differences.Add($"AWS lacks suites {string.Join(", ", diff.SuitesRemoved.Select(Name))}");
        if (diff.OrderChanged) differences.Add("the suites' order differs");
        var lbTypes = policy.SupportedLoadBalancerTypes.Select(t => t switch { "application" => "ALB", "network" => "NLB", _ => t.ToUpperInvariant() })
            .Where(t => t is "ALB" or "NLB").ToList();
        var missingTypes = lbTypes.Where(t => !found.Policy.LoadBalancers.Contains(t, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missingTypes.Count > 0) differences.Add($"AWS also offers it for {string.Join(", ", missingTypes)}");
        return new AwsPolicyCheck(policy.Name, true, policy.SupportedLoadBalancerTypes, differences);
    }

    private static string Name(ushort code) => CipherSuites.Find(code)?.Name ?? $"0x{code:X4}";
}
