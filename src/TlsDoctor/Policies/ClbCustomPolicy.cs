using System.Security.Cryptography;
using System.Text;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Policies;

/// <summary>
/// Classic Load Balancer custom policies (SSLNegotiationPolicyType with explicit attributes, api-shapes.md §2.5): what a
/// custom policy may enable (the protocols and suites of the catalog's CLB policies), the explicit attributes of a
/// policy as AWS spells them (Protocol-TLSv1.2, OpenSSL suite names, Server-Defined-Cipher-Order), and the minimal
/// custom policy for a set of clients: the strictest predefined CLB policy plus the fewest protocols and suites
/// those clients need.
/// </summary>
public static class ClbCustomPolicy
{
    private const string ServerOrderAttribute = "Server-Defined-Cipher-Order";

    private static readonly Lazy<IReadOnlyList<ServerPolicy>> Predefined = new(() =>
        PolicyRecommender.PoliciesFor(PolicyCatalog.All, "aws", "CLB").Where(p => SecurityProfile.Of(p).IsKnown).ToList());

    /// <summary>The protocols a Classic Load Balancer policy can enable (those of its predefined policies; no TLS 1.3).</summary>
    public static IReadOnlyList<TlsVersion> Protocols => Predefined.Value.SelectMany(p => p.Versions).Distinct().Order().ToList();

    /// <summary>The suites a Classic Load Balancer policy can enable, in the order the predefined policies list them (most secure policy first).</summary>
    public static IReadOnlyList<ushort> Suites => Predefined.Value.SelectMany(p => p.CipherSuites).Distinct().ToList();

    /// <summary>The strictest predefined CLB policy with known contents: where the minimal custom policy starts.</summary>
    public static ServerPolicy Strictest => Predefined.Value[0];

    /// <summary>
    /// The explicit attributes that make <paramref name="policy"/> a CLB policy: every protocol and suite as true, and
    /// Server-Defined-Cipher-Order; or why it cannot be one (a protocol or suite no Classic Load Balancer offers).
    /// </summary>
    public static (IReadOnlyList<KeyValuePair<string, string>>? Attributes, string? Error) Attributes(ServerPolicy policy)
    {
        var protocols = Protocols;
        var suites = Suites.ToHashSet();
        var badVersions = policy.Versions.Where(v => !protocols.Contains(v)).ToList();
        if (badVersions.Count > 0)
            return (null, $"a Classic Load Balancer cannot enable {string.Join(", ", badVersions.Select(v => v.Name))} (it offers {string.Join(", ", protocols.Select(v => v.AwsName))})");
        var badSuites = policy.CipherSuites.Where(s => !suites.Contains(s) || CipherSuites.Find(s)?.OpenSslName is null).ToList();
        if (badSuites.Count > 0)
            return (null, $"a Classic Load Balancer cannot enable {string.Join(", ", badSuites.Select(CipherSuites.Describe))}");
        if (policy.Versions.Count == 0 || policy.CipherSuites.Count == 0) return (null, "a custom policy needs at least one protocol and one suite");
        var attributes = policy.Versions.Order().Select(v => new KeyValuePair<string, string>("Protocol-" + v.AwsName, "true"))
            .Concat(policy.CipherSuites.Select(s => new KeyValuePair<string, string>(CipherSuites.Find(s)!.OpenSslName!, "true")))
            .Append(new KeyValuePair<string, string>(ServerOrderAttribute, policy.ServerOrder ? "true" : "false"))
            .ToList();
        return (attributes, null);
    }

    /// <summary>A stable policy name for a set of attributes (the same contents always get the same name; AWS reserves ELBSecurityPolicy- and ELBSample-).</summary>
    public static string NameFor(IReadOnlyList<KeyValuePair<string, string>> attributes)
    {
        var text = string.Join(",", attributes.Select(a => $"{a.Key}={a.Value}"));
        return "tlsdoctor-custom-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
    }

    /// <summary>The enabled attributes as set-policy --custom takes them: comma-separated names.</summary>
    public static string Spec(IReadOnlyList<KeyValuePair<string, string>> attributes) =>
        string.Join(",", attributes.Where(a => a.Value == "true").Select(a => a.Key));

    /// <summary>The AWS CLI commands that create the policy on a Classic Load Balancer and put it on a listener.</summary>
    public static IReadOnlyList<string> Commands(string policyName, IReadOnlyList<KeyValuePair<string, string>> attributes, string loadBalancer = "LOAD_BALANCER_NAME", int port = 443) =>
    [
        $"aws elb create-load-balancer-policy --load-balancer-name {loadBalancer} --policy-name {policyName} --policy-type-name SSLNegotiationPolicyType --policy-attributes "
            + string.Join(" ", attributes.Select(a => $"AttributeName={a.Key},AttributeValue={a.Value}")),
        $"aws elb set-load-balancer-policies-of-listener --load-balancer-name {loadBalancer} --load-balancer-port {port} --policy-names {policyName}",
    ];

    /// <summary>
    /// The strictest predefined CLB policy plus, one at a time, the protocol and suite that admit the most of the clients
    /// still refused (fewest additions first, then the most secure result), until every client is admitted or nothing
    /// more helps. The clients it cannot admit are named in the result.
    /// </summary>
    public static ClbCustomPolicyResult Minimal(IReadOnlyList<ClientOffer> clients, IReadOnlyCollection<CertificateKind> certificates)
    {
        var start = Strictest;
        var policy = start with
        {
            Name = "custom", Provider = "custom", Id = "custom", Scope = null, DefaultNote = null, AliasOf = null, Aliases = [],
            LoadBalancers = ["CLB"], Category = null,
        };
        var added = new List<string>();
        var refused = clients.Where(c => !Simulator.Negotiate(c, policy, certificates).IsAgreed).ToList();
        var protocols = Protocols;
        var suites = Suites;
        while (refused.Count > 0)
        {
            var best = (Policy: (ServerPolicy?)null, Fixed: 0, Additions: int.MaxValue, What: "");
            foreach (var version in protocols)
                foreach (var suite in suites)
                {
                    var newVersion = !policy.Versions.Contains(version);
                    var newSuite = !policy.CipherSuites.Contains(suite);
                    if (!newVersion && !newSuite) continue;
                    var candidate = policy with
                    {
                        Versions = newVersion ? [.. policy.Versions, version] : policy.Versions,
                        CipherSuites = newSuite ? [.. policy.CipherSuites, suite] : policy.CipherSuites,
                    };
                    var fixedCount = refused.Count(c => Simulator.Negotiate(c, candidate, certificates).IsAgreed);
                    if (fixedCount == 0) continue;
                    var additions = (newVersion ? 1 : 0) + (newSuite ? 1 : 0);
                    var better = fixedCount > best.Fixed
                        || fixedCount == best.Fixed && additions < best.Additions
                        || fixedCount == best.Fixed && additions == best.Additions && PolicySecurity.Instance.Compare(candidate, best.Policy) < 0;
                    if (better)
                        best = (candidate, fixedCount, additions,
                            string.Join(" and ", new[] { newVersion ? version.Name : null, newSuite ? CipherSuites.Describe(suite) : null }.Where(x => x is not null)));
                }
            if (best.Policy is null) break;
            policy = best.Policy;
            added.Add(best.What);
            refused = refused.Where(c => !Simulator.Negotiate(c, policy, certificates).IsAgreed).ToList();
        }
        var (attributes, error) = Attributes(policy);
        if (attributes is null) throw new InvalidOperationException($"the minimal custom policy is not a CLB policy: {error}");
        var name = NameFor(attributes);
        return new ClbCustomPolicyResult(policy with { Name = name, Id = name }, start.Name, added, attributes, refused.Select(c => c.Name).ToList(),
            Commands(name, attributes), Spec(attributes));
    }
}
