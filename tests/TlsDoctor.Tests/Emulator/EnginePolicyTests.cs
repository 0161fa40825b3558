using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using TlsDoctor.Emulator;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Tests.Emulator;

public sealed class EnginePolicyTests
{
    private static readonly BcTlsCrypto Crypto = new(new SecureRandom());

    private static ServerPolicy Policy(IEnumerable<TlsVersion> versions, params string[] suites) => new()
    {
        Name = "t",
        Provider = "custom",
        Versions = versions.ToList(),
        CipherSuites = suites.Select(s => CipherSuites.Find(s)!.Code).ToList(),
    };

    private static ushort Code(string name) => CipherSuites.Find(name)!.Code;

    [Fact]
    public void Rc4DesAndExport_AreHelloOnly_OthersComplete_OrderKept()
    {
        var policy = Policy([TlsVersion.SSLv3, TlsVersion.Tls10],
            "ECDHE-RSA-AES128-SHA", "RC4-SHA", "DES-CBC3-SHA", "DES-CBC-SHA", "EXP-RC4-MD5", "AES128-SHA");
        var engine = EnginePolicy.Compile(policy, [CertificateKind.Rsa], Crypto);

        Assert.Equal(policy.CipherSuites, engine.Suites);
        Assert.Equal(new[] { Code("RC4-SHA"), Code("DES-CBC-SHA"), Code("EXP-RC4-MD5") }, engine.HelloOnlySuites);
        Assert.Equal(new[] { TlsVersion.SSLv3 }, engine.HelloOnlyVersions);
        Assert.True(engine.CanComplete(TlsVersion.Tls10, Code("DES-CBC3-SHA")));
        Assert.False(engine.CanComplete(TlsVersion.Tls10, Code("RC4-SHA")));
        Assert.False(engine.CanComplete(TlsVersion.SSLv3, Code("AES128-SHA")));
    }

    [Fact]
    public void SuitesTheCertificateCannotAuthenticate_AreLeftOut()
    {
        var policy = Policy([TlsVersion.Tls12, TlsVersion.Tls13],
            "TLS_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "AES128-GCM-SHA256");

        var rsa = EnginePolicy.Compile(policy, [CertificateKind.Rsa], Crypto);
        Assert.Equal(new[] { Code("TLS_AES_128_GCM_SHA256"), Code("ECDHE-RSA-AES128-GCM-SHA256"), Code("AES128-GCM-SHA256") }, rsa.Suites);
        Assert.Equal(new[] { Code("ECDHE-ECDSA-AES128-GCM-SHA256") }, rsa.SuitesWithoutCertificate);

        var ecdsa = EnginePolicy.Compile(policy, [CertificateKind.Ecdsa], Crypto);
        Assert.Equal(new[] { Code("TLS_AES_128_GCM_SHA256"), Code("ECDHE-ECDSA-AES128-GCM-SHA256") }, ecdsa.Suites);

        var both = EnginePolicy.Compile(policy, [CertificateKind.Rsa, CertificateKind.Ecdsa], Crypto);
        Assert.Equal(policy.CipherSuites, both.Suites);
        Assert.Empty(both.HelloOnlySuites);
    }

    [Fact]
    public void StatedGroups_KeepTheirOrder()
    {
        var policy = Policy([TlsVersion.Tls13], "TLS_AES_128_GCM_SHA256") with { Groups = [0x0018, 0x0017, 0x001D] };
        Assert.Equal(new ushort[] { 0x0018, 0x0017, 0x001D }, EnginePolicy.Compile(policy, [CertificateKind.Rsa], Crypto).Groups);
    }
}
