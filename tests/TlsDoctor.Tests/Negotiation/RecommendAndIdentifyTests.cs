using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Tests.Negotiation;

public class RecommendAndIdentifyTests
{
    private static ushort S(string name) => CipherSuites.Find(name)!.Code;

    private static ServerPolicy P(string name, string lb, TlsVersion[] versions, params string[] suites) => new()
    {
        Name = name, Provider = "aws", LoadBalancers = [lb], Versions = versions, CipherSuites = suites.Select(S).ToArray(),
    };

    private static readonly ServerPolicy[] Catalog =
    [
        P("strict", "ALB", [TlsVersion.Tls12, TlsVersion.Tls13], "TLS_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256"),
        P("strict-alias", "ALB", [TlsVersion.Tls12, TlsVersion.Tls13], "TLS_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"),
        P("compat", "ALB", [TlsVersion.Tls10, TlsVersion.Tls11, TlsVersion.Tls12], "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-SHA", "AES128-SHA"),
        P("classic", "CLB", [TlsVersion.Tls10, TlsVersion.Tls12], "AES128-SHA"),
    ];

    private static ClientOffer C(string name, TlsVersion[] v, params string[] suites) => InlineClientOffer.Create(name, v, suites.Select(S).ToArray());

    [Fact]
    public void RecommendsTheMostSecurePolicyAcceptingEveryClientAndSaysWhatStricterOnesBreak()
    {
        var modern = C("modern", [TlsVersion.Tls12, TlsVersion.Tls13], "TLS_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256");
        var old = C("old", [TlsVersion.Tls10], "AES128-SHA");
        var r = PolicyRecommender.Recommend([modern, old], Catalog, "ALB", [CertificateKind.Rsa]);
        Assert.Equal("compat", r.Policy?.Name);
        Assert.Equal(["strict", "strict-alias"], r.Breaks.Select(b => b.Policy.Name).Order());
        Assert.All(r.Breaks, b => Assert.Equal("old", Assert.Single(b.Refused).Client));
        Assert.Equal("aws elbv2 modify-listener --listener-arn LISTENER_ARN --ssl-policy compat", Assert.Single(r.Commands));
    }

    [Fact]
    public void Tls13SupportRanksAboveTheOlderProtocolsSuites()
    {
        // "fs" is forward-secret only but stops at TLS 1.2; "tls13" also admits RSA key transport and has TLS 1.3.
        ServerPolicy[] catalog =
        [
            P("fs", "ALB", [TlsVersion.Tls10, TlsVersion.Tls11, TlsVersion.Tls12], "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-SHA"),
            P("tls13", "ALB", [TlsVersion.Tls10, TlsVersion.Tls11, TlsVersion.Tls12, TlsVersion.Tls13], "TLS_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-SHA", "AES128-SHA"),
        ];
        var old = C("old", [TlsVersion.Tls10], "ECDHE-RSA-AES128-SHA");
        var r = PolicyRecommender.Recommend([old], catalog, "ALB", [CertificateKind.Rsa]);
        Assert.Equal("tls13", r.Policy?.Name);
        Assert.Null(r.LeastChange);

        // From "fs", which already accepts the client, the least change is no change.
        var fromFs = PolicyRecommender.Recommend([old], catalog, "ALB", [CertificateKind.Rsa], current: catalog[0]);
        Assert.Equal("fs", fromFs.LeastChange!.Policy.Name);
        Assert.Empty(fromFs.LeastChange.Commands);
    }

    [Fact]
    public void ARecommendationWithoutTls13SaysSo()
    {
        ServerPolicy[] catalog =
        [
            P("fs", "ALB", [TlsVersion.Tls10, TlsVersion.Tls12], "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-SHA"),
            P("tls13", "ALB", [TlsVersion.Tls12, TlsVersion.Tls13], "TLS_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"),
        ];
        var old = C("old", [TlsVersion.Tls10], "ECDHE-RSA-AES256-SHA");
        var r = PolicyRecommender.Recommend([old], catalog, "ALB", [CertificateKind.Rsa], current: catalog[1]);
        Assert.Equal("fs", r.Policy?.Name);
        Assert.Contains(r.Why, w => w == "no TLS 1.3: fs takes TLS 1.3 away from every client that uses it with tls13");
        Assert.Contains(r.Why, w => w.StartsWith("no TLS 1.3: no policy that accepts these clients supports it", StringComparison.Ordinal));
        Assert.Equal("fs", r.LeastChange!.Policy.Name);
        Assert.Contains("no TLS 1.3: fs takes TLS 1.3 away from every client that uses it with tls13", r.LeastChange.Changes);
        Assert.Equal(["adds TLS 1.0", "removes TLS 1.3"], r.LeastChange.Changes.Take(2));
        // Without a current policy, only the absence of an alternative is said.
        var plain = PolicyRecommender.Recommend([old], catalog, "ALB", [CertificateKind.Rsa]);
        Assert.Single(plain.Why, w => w.StartsWith("no TLS 1.3", StringComparison.Ordinal));
    }

    [Fact]
    public void ClassicLoadBalancerGetsThePolicyPair()
    {
        var old = C("old", [TlsVersion.Tls10], "AES128-SHA");
        var r = PolicyRecommender.Recommend([old], Catalog, "CLB", [CertificateKind.Rsa]);
        Assert.Equal("classic", r.Policy?.Name);
        Assert.Equal(2, r.Commands.Count);
        Assert.Contains("create-load-balancer-policy", r.Commands[0]);
        Assert.Contains("Reference-Security-Policy,AttributeValue=classic", r.Commands[0]);
        Assert.Contains("set-load-balancer-policies-of-listener", r.Commands[1]);
    }

    [Fact]
    public void NoPolicyWhenNoneAcceptsEveryone()
    {
        var ssl3 = C("ancient", [TlsVersion.SSLv3], "AES128-SHA");
        var r = PolicyRecommender.Recommend([ssl3], Catalog, "ALB", [CertificateKind.Rsa]);
        Assert.Null(r.Policy);
        Assert.Equal(3, r.Breaks.Count);
    }

    [Fact]
    public void AnRsaOnlyEndpointCannotTellPoliciesThatDifferOnlyInEcdsaSuites()
    {
        var observed = ServerObservation.Expected(Catalog[0], [CertificateKind.Rsa]);
        var matches = PolicyIdentifier.Identify(observed, Catalog);
        Assert.Equal(["strict", "strict-alias"], matches.Select(m => m.Name));
        Assert.All(matches, m => Assert.True(m.Exact));

        var withEcdsa = ServerObservation.Expected(Catalog[0], [CertificateKind.Rsa, CertificateKind.Ecdsa]);
        Assert.Equal("strict", Assert.Single(PolicyIdentifier.Identify(withEcdsa, Catalog)).Name);
    }

    [Fact]
    public void NearestPolicyCarriesTheDifference()
    {
        var observed = ServerObservation.Expected(Catalog[2], [CertificateKind.Rsa]) with
        {
            CipherSuites = ServerObservation.Expected(Catalog[2], [CertificateKind.Rsa]).CipherSuites.Append(S("DES-CBC3-SHA")).ToArray(),
        };
        var m = Assert.Single(PolicyIdentifier.Identify(observed, Catalog));
        Assert.Equal("compat", m.Name);
        Assert.False(m.Exact);
        Assert.Equal(["TLS_RSA_WITH_3DES_EDE_CBC_SHA"], m.Extra);
        Assert.Empty(m.Missing);
    }

    [Fact]
    public void ServerOrderDifferenceBreaksAnExactMatch()
    {
        var exp = ServerObservation.Expected(Catalog[2], [CertificateKind.Rsa]);
        var reordered = exp with { CipherSuites = exp.CipherSuites.Reverse().ToArray() };
        var m = PolicyIdentifier.Compare(reordered, Catalog[2]);
        Assert.False(m.Exact);
        Assert.Equal(["suite order"], m.Extra);
    }

    [Fact]
    public void HybridGroupsTellAPostQuantumPolicyFromItsClassicalCounterpartWhoseGroupsAreUnstated()
    {
        // As in the catalog: the classical policy's source does not state its groups; the post-quantum one lists them.
        var classical = Catalog[2] with { Name = "classical", Groups = null };
        var pq = Catalog[2] with { Name = "pq", IsPostQuantum = true, Groups = [0x11EC, 0x001D, 0x0017] };
        ServerPolicy[] catalog = [classical, pq];

        var hybridScan = ServerObservation.Expected(pq, [CertificateKind.Rsa]);
        Assert.Equal("pq", Assert.Single(PolicyIdentifier.Identify(hybridScan, catalog)).Name);
        Assert.Equal(["X25519MLKEM768"], PolicyIdentifier.Compare(hybridScan, classical).Extra);

        var classicalScan = hybridScan with { Groups = [0x001D, 0x0017] };
        Assert.Equal("classical", Assert.Single(PolicyIdentifier.Identify(classicalScan, catalog)).Name);

        // A post-quantum policy whose groups are unstated still needs some post-quantum group.
        var pqUnstated = pq with { Groups = null };
        Assert.Equal(["a post-quantum group"], PolicyIdentifier.Compare(classicalScan, pqUnstated).Missing);
        Assert.True(PolicyIdentifier.Compare(hybridScan, pqUnstated).Exact);
    }
}
