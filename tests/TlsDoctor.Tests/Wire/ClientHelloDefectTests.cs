using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using TlsDoctor.Wire;

namespace TlsDoctor.Tests.Wire;

/// <summary>Typed views are read once and do not hide a malformed or repeated extension; the simulator refuses such hellos as a server does.</summary>
public class ClientHelloDefectTests
{
    private static readonly ServerPolicy Policy = TlsDoctor.Policies.PolicyCatalog.Get("ELBSecurityPolicy-TLS13-1-2-2021-06")!;

    private static ClientHello Hello(params TlsExtension[] extra) => new ClientHelloBuilder
    {
        Versions = [TlsVersion.Tls12],
        CipherSuites = [0xC02F],
        Groups = [0x001D],
        Random = RandomSource.FromSeed(3),
        ExtraExtensions = extra,
    }.Build();

    private static ClientHello Decoded(ClientHello hello) => ClientHello.Decode(hello.ToBytes()).GetValueOrThrow();

    [Fact]
    public void A_malformed_supported_groups_is_listed_and_reported_as_an_anomaly()
    {
        var good = Hello();
        var extensions = good.Extensions!.Select(e => e.Type == ExtensionType.SupportedGroups ? new TlsExtension(e.Type, new byte[] { 0, 3, 0, 0x1D, 0 }) : e).ToList();
        var hello = Decoded(good with { Extensions = extensions });
        Assert.Empty(hello.SupportedGroups);
        Assert.Equal([ExtensionType.SupportedGroups], hello.MalformedExtensions);
        Assert.Contains(hello.Anomalies, a => a.Kind == AnomalyKind.MalformedExtension);

        var outcome = Assert.IsType<NegotiationOutcome.Refused>(Simulator.Negotiate(hello.ToClientOffer(), Policy, CertificateKind.Rsa));
        Assert.Equal(RefusalReason.MalformedClientHello, outcome.Reason);
        Assert.Equal(AlertDescriptions.DecodeError, outcome.ExpectedAlert);
    }

    [Fact]
    public void A_duplicate_extension_is_refused_with_illegal_parameter()
    {
        var hello = Decoded(Hello(new TlsExtension(ExtensionType.EcPointFormats, new byte[] { 1, 0 })));
        Assert.Equal([ExtensionType.EcPointFormats], hello.DuplicateExtensions);
        var outcome = Assert.IsType<NegotiationOutcome.Refused>(Simulator.Negotiate(hello.ToClientOffer(), Policy, CertificateKind.Rsa));
        Assert.Equal(RefusalReason.MalformedClientHello, outcome.Reason);
        Assert.Equal(AlertDescriptions.IllegalParameter, outcome.ExpectedAlert);
        Assert.Contains("ec_point_formats", outcome.Explanation);

        // The same hello without the repeat agrees.
        Assert.IsType<NegotiationOutcome.Agreed>(Simulator.Negotiate(Decoded(Hello()).ToClientOffer(), Policy, CertificateKind.Rsa));
    }

    [Fact]
    public void Views_follow_a_copy_with_other_extensions()
    {
        var hello = Hello();
        Assert.Equal([(ushort)0x001D], hello.SupportedGroups);
        var changed = hello with { Extensions = hello.Extensions!.Select(e => e.Type == ExtensionType.SupportedGroups ? new TlsExtension(e.Type, ExtensionCodec.EncodeUInt16List16([0x0017])) : e).ToList() };
        Assert.Equal([(ushort)0x0017], changed.SupportedGroups);
        Assert.Equal([(ushort)0x001D], hello.SupportedGroups);
        Assert.Same(hello.SupportedGroups, hello.SupportedGroups);
    }
}
