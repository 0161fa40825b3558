namespace TlsDoctor.Aws;

/// <summary>
/// One policy DescribeSSLPolicies returned, against the catalog: absent from it (news the catalog must learn), or
/// present with <see cref="Differences"/> in protocols, suites or order (empty when they agree).
/// </summary>
public sealed record AwsPolicyCheck(string Name, bool InCatalog, IReadOnlyList<string> SupportedLoadBalancerTypes, IReadOnlyList<string> Differences);
