using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Tests.Negotiation;

public class PolicySecurityTests
{
    private static ushort S(string name) => CipherSuites.Find(name)!.Code;

    private static ServerPolicy P(string name, TlsVersion[] versions, params string[] suites) => new()
    {
        Name = name, Provider = "test", LoadBalancers = ["ALB"], Versions = versions, CipherSuites = suites.Select(S).ToArray(),
    };

    private static readonly ServerPolicy Old = P("old", [TlsVersion.Tls10, TlsVersion.Tls12], "ECDHE-RSA-AES128-GCM-SHA256", "AES128-SHA");
    private static readonly ServerPolicy Mid = P("mid", [TlsVersion.Tls12], "ECDHE-RSA-AES128-GCM-SHA256", "AES128-SHA");
    private static readonly ServerPolicy Fs = P("fs", [TlsVersion.Tls12], "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-SHA");
    private static readonly ServerPolicy Aead = P("aead", [TlsVersion.Tls12], "ECDHE-RSA-AES128-GCM-SHA256");
    private static readonly ServerPolicy Only13 = P("only13", [TlsVersion.Tls13], "TLS_AES_128_GCM_SHA256");

    [Fact]
    public void OrderFollowsMinimumVersionThenForwardSecrecyThenAead()
    {
        var sorted = new[] { Old, Aead, Only13, Mid, Fs }.Order(PolicySecurity.Instance).Select(p => p.Name);
        Assert.Equal(["only13", "aead", "fs", "mid", "old"], sorted);
    }

    [Fact]
    public void PostQuantumBreaksATieBeforeFips()
    {
        var pq = Aead with { Name = "aead-pq", IsPostQuantum = true };
        var fips = Aead with { Name = "aead-fips", IsFips = true };
        Assert.Equal(["aead-pq", "aead-fips", "aead"], new[] { Aead, fips, pq }.Order(PolicySecurity.Instance).Select(p => p.Name));
    }

    [Fact]
    public void UnknownPoliciesSortLast()
    {
        var unknown = P("unknown", [TlsVersion.Tls13]);
        Assert.Equal("unknown", new[] { unknown, Old }.Order(PolicySecurity.Instance).Last().Name);
    }

    [Fact]
    public void AdvantagesNameTheDifferences()
    {
        var adv = PolicySecurity.Advantages(SecurityProfile.Of(Aead), SecurityProfile.Of(Old));
        Assert.Contains("requires TLS 1.2 or later", adv);
        Assert.Contains("forward secrecy only", adv);
        Assert.Contains("AEAD ciphers only", adv);
    }
}
