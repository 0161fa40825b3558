using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using TlsDoctor.Wire;

namespace TlsDoctor.Tests.Negotiation;

/// <summary>Decision tables for the simulator on hand-made offers and policies; expectations follow RFC 8446/5246/8422 and OpenSSL 3.0.</summary>
public class SimulatorTests
{
    private static ushort S(string name) => CipherSuites.Find(name)?.Code ?? throw new ArgumentException(name);
    private static ushort G(string name) => Groups.Find(name)?.Code ?? throw new ArgumentException(name);

    // ELBSecurityPolicy-TLS13-1-2-Res-2021-06 as AWS documents it (TLS 1.3 + 1.2, ECDHE-GCM/ChaCha only).
    private static readonly ServerPolicy Tls13Res = new()
    {
        Name = "Res",
        Provider = "test",
        LoadBalancers = ["ALB"],
        Versions = [TlsVersion.Tls12, TlsVersion.Tls13],
        CipherSuites = [S("TLS_AES_128_GCM_SHA256"), S("TLS_AES_256_GCM_SHA384"), S("TLS_CHACHA20_POLY1305_SHA256"),
            S("ECDHE-ECDSA-AES128-GCM-SHA256"), S("ECDHE-RSA-AES128-GCM-SHA256"), S("ECDHE-ECDSA-AES256-GCM-SHA384"), S("ECDHE-RSA-AES256-GCM-SHA384")],
        Groups = [G("x25519"), G("secp256r1"), G("secp384r1")],
    };

    // ELBSecurityPolicy-2016-08 (abridged): TLS 1.0–1.2, ECDHE first then RSA key transport.
    private static readonly ServerPolicy Legacy = new()
    {
        Name = "Legacy",
        Provider = "test",
        LoadBalancers = ["ALB"],
        Versions = [TlsVersion.Tls10, TlsVersion.Tls11, TlsVersion.Tls12],
        CipherSuites = [S("ECDHE-ECDSA-AES128-GCM-SHA256"), S("ECDHE-RSA-AES128-GCM-SHA256"), S("ECDHE-RSA-AES128-SHA"), S("AES128-GCM-SHA256"), S("AES128-SHA")],
        Groups = [G("secp256r1"), G("secp384r1")],
    };

    private static ClientOffer Client(TlsVersion[] versions, string[] suites, string[]? groups = null, ushort[]? sigalgs = null) =>
        InlineClientOffer.Create("client", versions, suites.Select(S).ToArray(), groups?.Select(G).ToArray(), sigalgs);

    [Fact]
    public void Tls13ClientGetsTls13WithTheServersFirstSuite()
    {
        var c = Client([TlsVersion.Tls12, TlsVersion.Tls13], ["TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"]);
        var o = Assert.IsType<NegotiationOutcome.Agreed>(Simulator.Negotiate(c, Tls13Res, CertificateKind.Rsa));
        Assert.Equal(TlsVersion.Tls13, o.Version);
        Assert.Equal(S("TLS_AES_128_GCM_SHA256"), o.Suite);   // server order wins (ELB)
        Assert.Equal(G("x25519"), o.Group);                   // the client's key share
        Assert.False(o.ViaRetry);
        Assert.Equal((ushort)0x0804, o.SignatureScheme);      // rsa_pss_rsae_sha256: RSA keys sign with PSS in TLS 1.3
    }

    [Fact]
    public void ClientOrderWinsWhenThePolicyDoesNotEnforceItsOwn()
    {
        var c = Client([TlsVersion.Tls13], ["TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256"]);
        var o = Assert.IsType<NegotiationOutcome.Agreed>(Simulator.Negotiate(c, Tls13Res with { ServerOrder = false }, CertificateKind.Rsa));
        Assert.Equal(S("TLS_CHACHA20_POLY1305_SHA256"), o.Suite);
    }

    [Fact]
    public void OldClientIsRefusedWithProtocolVersionAndTheVersionsInTheSentence()
    {
        var c = Client([TlsVersion.Tls10], ["AES128-SHA"]);
        var o = Assert.IsType<NegotiationOutcome.Refused>(Simulator.Negotiate(c, Tls13Res, CertificateKind.Rsa));
        Assert.Equal(RefusalReason.NoSharedProtocol, o.Reason);
        Assert.Equal("no-shared-protocol", o.Reason.Code());
        Assert.Equal(AlertDescriptions.ProtocolVersion, o.ExpectedAlert);
        Assert.Equal("client offers TLS 1.0 at most; policy Res requires TLS 1.2 or later", o.Explanation);
    }

    [Fact]
    public void Tls13IsChosenFirstEvenWhenOnlyTls12SuitesAreShared()
    {
        // RFC 8446 4.2.1: the version is chosen before the suite; OpenSSL does not fall back to 1.2.
        var c = Client([TlsVersion.Tls12, TlsVersion.Tls13], ["TLS_AES_256_GCM_SHA384", "ECDHE-RSA-AES128-GCM-SHA256"]);
        var p = Tls13Res with { CipherSuites = Tls13Res.CipherSuites.Where(x => x != S("TLS_AES_256_GCM_SHA384")).ToArray() };
        var o = Assert.IsType<NegotiationOutcome.Refused>(Simulator.Negotiate(c, p, CertificateKind.Rsa));
        Assert.Equal(RefusalReason.NoSharedCipher, o.Reason);
        Assert.Equal(AlertDescriptions.HandshakeFailure, o.ExpectedAlert);
    }

    [Fact]
    public void EcdsaOnlySuitesAgainstAnRsaCertificate()
    {
        var c = Client([TlsVersion.Tls12], ["ECDHE-ECDSA-AES128-GCM-SHA256"]);
        var o = Assert.IsType<NegotiationOutcome.Refused>(Simulator.Negotiate(c, Legacy, CertificateKind.Rsa));
        Assert.Equal(RefusalReason.NoCipherForCertificate, o.Reason);
        Assert.Contains("ECDSA certificate", o.Explanation);
        Assert.IsType<NegotiationOutcome.Agreed>(Simulator.Negotiate(c, Legacy, CertificateKind.Ecdsa));
        Assert.IsType<NegotiationOutcome.Agreed>(Simulator.Negotiate(c, Legacy, [CertificateKind.Rsa, CertificateKind.Ecdsa]));
    }

    [Fact]
    public void EcdheSkippedWithoutASharedGroupFallsBackToRsaKeyTransport()
    {
        var c = Client([TlsVersion.Tls12], ["ECDHE-RSA-AES128-GCM-SHA256", "AES128-GCM-SHA256"], groups: ["x25519"]);
        var o = Assert.IsType<NegotiationOutcome.Agreed>(Simulator.Negotiate(c, Legacy, CertificateKind.Rsa));
        Assert.Equal(S("AES128-GCM-SHA256"), o.Suite);
        Assert.Null(o.Group);
        Assert.Null(o.SignatureScheme);
    }

    [Fact]
    public void EcdheOnlyWithoutASharedGroupIsNoSharedGroup()
    {
        var c = Client([TlsVersion.Tls12], ["ECDHE-RSA-AES128-GCM-SHA256"], groups: ["x25519"]);
        var o = Assert.IsType<NegotiationOutcome.Refused>(Simulator.Negotiate(c, Legacy, CertificateKind.Rsa));
        Assert.Equal(RefusalReason.NoSharedGroup, o.Reason);
        Assert.Contains("x25519", o.Explanation);
    }

    [Fact]
    public void EcdsaCertificateCurveMustBeAmongTheClientsGroups()
    {
        // RFC 8422 5.1 / OpenSSL tls1_check_cert_param: the P-256 certificate is unusable for a client listing only x25519.
        var c = Client([TlsVersion.Tls12], ["ECDHE-ECDSA-AES128-GCM-SHA256"], groups: ["x25519"]);
        var o = Assert.IsType<NegotiationOutcome.Refused>(Simulator.Negotiate(c, Tls13Res, CertificateKind.Ecdsa));
        Assert.Equal(RefusalReason.NoSharedGroup, o.Reason);
    }

    [Fact]
    public void Tls13HelloRetryWhenTheKeyShareIsNotAccepted()
    {
        var c = Client([TlsVersion.Tls13], ["TLS_AES_128_GCM_SHA256"], groups: ["x448", "secp384r1"]);
        var o = Assert.IsType<NegotiationOutcome.Agreed>(Simulator.Negotiate(c, Tls13Res, CertificateKind.Rsa));
        Assert.True(o.ViaRetry);
        Assert.Equal(G("secp384r1"), o.Group);
    }

    [Fact]
    public void Tls13WithoutAnyPssSchemeFailsOnAnRsaCertificate()
    {
        var c = Client([TlsVersion.Tls13], ["TLS_AES_128_GCM_SHA256"], sigalgs: [0x0401, 0x0403]);
        var o = Assert.IsType<NegotiationOutcome.Refused>(Simulator.Negotiate(c, Tls13Res, CertificateKind.Rsa));
        Assert.Equal(RefusalReason.NoSharedSignatureAlgorithm, o.Reason);
        Assert.Equal("no-shared-signature-algorithm", o.Reason.Code());
        var e = Assert.IsType<NegotiationOutcome.Agreed>(Simulator.Negotiate(c, Tls13Res, CertificateKind.Ecdsa));
        Assert.Equal((ushort)0x0403, e.SignatureScheme);
    }

    [Fact]
    public void BothCertificatesServerPreferencePicksEcdsaInTls13()
    {
        var c = Client([TlsVersion.Tls13], ["TLS_AES_128_GCM_SHA256"]);
        var o = Assert.IsType<NegotiationOutcome.Agreed>(Simulator.Negotiate(c, Tls13Res, [CertificateKind.Rsa, CertificateKind.Ecdsa]));
        Assert.Equal(CertificateKind.Ecdsa, o.Certificate);
    }

    [Fact]
    public void LegacyClientGetsHighestServerVersionBelowItsMaximum()
    {
        var c = Client([TlsVersion.Tls10, TlsVersion.Tls11], ["ECDHE-RSA-AES128-SHA", "AES128-SHA"]);
        var o = Assert.IsType<NegotiationOutcome.Agreed>(Simulator.Negotiate(c, Legacy, CertificateKind.Rsa));
        Assert.Equal(TlsVersion.Tls11, o.Version);
        Assert.Equal(S("ECDHE-RSA-AES128-SHA"), o.Suite);
        Assert.Null(o.SignatureScheme); // TLS 1.1 signs with MD5+SHA-1, no negotiated scheme
    }

    [Fact]
    public void Tls12OnlySuitesAreNotUsableAtTls10()
    {
        var c = Client([TlsVersion.Tls10], ["ECDHE-RSA-AES128-GCM-SHA256"]);
        var o = Assert.IsType<NegotiationOutcome.Refused>(Simulator.Negotiate(c, Legacy, CertificateKind.Rsa));
        Assert.Equal(RefusalReason.NoSharedCipher, o.Reason);
        Assert.Contains("need TLS 1.2 or later", o.Explanation);
    }

    [Fact]
    public void NoCommonSuiteNamesBothSides()
    {
        var c = Client([TlsVersion.Tls12], ["DES-CBC3-SHA"]);
        var o = Assert.IsType<NegotiationOutcome.Refused>(Simulator.Negotiate(c, Legacy, CertificateKind.Rsa));
        Assert.Equal(RefusalReason.NoSharedCipher, o.Reason);
        Assert.Contains("TLS_RSA_WITH_3DES_EDE_CBC_SHA", o.Explanation);
    }

    [Fact]
    public void ClientRequiringANewerVersionThanThePolicyAllows()
    {
        var c = Client([TlsVersion.Tls13], ["TLS_AES_128_GCM_SHA256"]);
        var o = Assert.IsType<NegotiationOutcome.Refused>(Simulator.Negotiate(c, Legacy, CertificateKind.Rsa));
        Assert.Equal(RefusalReason.NoSharedProtocol, o.Reason);
        Assert.Equal("client requires TLS 1.3 or later; policy Legacy allows TLS 1.2 at most", o.Explanation);
    }

    [Fact]
    public void Sslv2OnlyClient()
    {
        var c = Client([TlsVersion.SSLv2], ["AES128-SHA"]);
        var o = Assert.IsType<NegotiationOutcome.Refused>(Simulator.Negotiate(c, Legacy, CertificateKind.Rsa));
        Assert.Equal("client-offers-sslv2-only", o.Reason.Code());
    }

    [Fact]
    public void PolicyWithoutKnownSuitesIsUnknown()
    {
        var c = Client([TlsVersion.Tls12], ["AES128-SHA"]);
        var o = Assert.IsType<NegotiationOutcome.Refused>(Simulator.Negotiate(c, Legacy with { CipherSuites = [] }, CertificateKind.Rsa));
        Assert.Equal("policy-unknown", o.Reason.Code());
    }

    [Fact]
    public void GreaseAndSignallingValuesAreIgnored()
    {
        var c = InlineClientOffer.Create("grease", [new TlsVersion(0x0A0A), TlsVersion.Tls12], [0x0A0A, 0x00FF, S("AES128-SHA")]);
        var o = Assert.IsType<NegotiationOutcome.Agreed>(Simulator.Negotiate(c, Legacy, CertificateKind.Rsa));
        Assert.Equal(S("AES128-SHA"), o.Suite);
    }

    [Fact]
    public void EveryReasonHasADistinctKebabCode()
    {
        var codes = Enum.GetValues<RefusalReason>().Select(r => r.Code()).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", c));
        Assert.All(Enum.GetValues<RefusalReason>(), r => Assert.True(RefusalReasons.TryParse(r.Code(), out var back) && back == r));
    }
}
