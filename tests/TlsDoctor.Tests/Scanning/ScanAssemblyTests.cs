using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using TlsDoctor.Scanning;

namespace TlsDoctor.Tests.Scanning;

/// <summary>The last phase of a scan, without a network: the same parts always make the same result.</summary>
public class ScanAssemblyTests
{
    private static readonly TargetInfo Target = new("localhost", 443, "127.0.0.1", "localhost");
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static ushort S(string name) => CipherSuites.Find(name)?.Code ?? throw new ArgumentException(name);

    private static SuiteEnumeration None(ProbeFailure? failure = null) => new([], [], failure, false, false, []);

    private static SuiteEnumeration Of(TlsVersion v, params string[] suites) =>
        new([.. suites.Select(S)], [.. suites.Select(s => new ServerAnswer { Version = v, CipherSuite = S(s), SecureRenegotiation = true })], null, false, false, []);

    private static ScanParts Parts(Action<Dictionary<TlsVersion, SuiteEnumeration>>? legacy = null) 
    {
        var byVersion = new Dictionary<TlsVersion, SuiteEnumeration>
        {
            [TlsVersion.SSLv3] = None(new ProbeFailure.Alert(2, 40)),
            [TlsVersion.Tls10] = None(new ProbeFailure.Alert(2, 70)),
            [TlsVersion.Tls11] = None(new ProbeFailure.Alert(2, 70)),
            [TlsVersion.Tls12] = Of(TlsVersion.Tls12, "ECDHE-RSA-AES128-GCM-SHA256", "AES128-SHA"),
        };
        legacy?.Invoke(byVersion);
        return new ScanParts
        {
            Target = Target,
            FirstAnswerVersion = TlsVersion.Tls12,
            Sslv2 = new Sslv2Outcome(null, null, new ProbeFailure.Closed(0)),
            Legacy = byVersion,
            Tls13 = None(),
            ServerOrder = new Dictionary<TlsVersion, bool?> { [TlsVersion.Tls12] = true },
            Groups12 = new GroupEnumeration([0x001D], false, []),
            Groups13 = new GroupEnumeration([], false, []),
            Alpn = ["h2"],
            Fallback = true,
            Stats = new ScanStats(12, 34),
            Now = Now,
        };
    }

    [Fact]
    public void Protocols_are_listed_from_SSLv2_to_TLS_1_3_with_order_refusal_and_suites()
    {
        var result = ScanAssembly.Assemble(Parts());

        Assert.Equal(["SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"], result.Protocols.Select(p => p.Name));
        var tls12 = result.Protocols.Single(p => p.Name == "TLSv1.2");
        Assert.True(tls12.Supported);
        Assert.True(tls12.ServerOrder);
        Assert.Equal([S("ECDHE-RSA-AES128-GCM-SHA256"), S("AES128-SHA")], tls12.Ciphers.Select(c => c.Value));
        Assert.Contains("handshake_failure", result.Protocols.Single(p => p.Name == "SSLv3").Refusal);
        Assert.Equal("the server chose TLSv1.2 when offered TLS 1.3", result.Protocols.Single(p => p.Name == "TLSv1.3").Refusal);
        Assert.Null(result.Failure);
        Assert.Empty(result.Incomplete);
        Assert.Equal(new ScanStats(12, 34), result.Stats);
    }

    [Fact]
    public void Features_come_from_the_legacy_answers_and_the_probes()
    {
        var features = ScanAssembly.Assemble(Parts()).Features;

        Assert.True(features.SecureRenegotiation);
        Assert.True(features.FallbackScsv);
        Assert.Equal(["h2"], features.Alpn);
        Assert.False(features.Compression);
    }

    [Fact]
    public void Without_TLS_1_3_the_notes_say_how_groups_were_observed_and_hidden_types_come_first()
    {
        var parts = Parts() with { HiddenKinds = [CertificateKind.Ecdsa], CertificateNotes = ["certificates: a note"] };
        var result = ScanAssembly.Assemble(parts);

        Assert.Equal(3, result.Notes.Count);
        Assert.StartsWith("ECDSA suites appear only when", result.Notes[0]);
        Assert.StartsWith("groups: observed through TLS 1.2 ServerKeyExchange only", result.Notes[1]);
        Assert.Equal("certificates: a note", result.Notes[2]);
        Assert.Equal(["TLSv1.2"], result.Groups.Single().Protocols);
    }

    [Fact]
    public void Lost_probes_and_a_cut_chain_make_the_result_incomplete()
    {
        var parts = Parts(v => v[TlsVersion.Tls12] = v[TlsVersion.Tls12] with { Cut = new ProbeFailure.Reset() })
            with { Losses = (3, 2, new ProbeFailure.Reset()) };
        var result = ScanAssembly.Assemble(parts);

        Assert.Equal(2, result.Incomplete.Count);
        Assert.StartsWith("TLSv1.2: stopped after 2 suites:", result.Incomplete[0]);
        Assert.StartsWith("3 probes got no answer (", result.Incomplete[1]);
        Assert.Contains("and 2 were not sent", result.Incomplete[1]);
    }

    [Fact]
    public void Nothing_supported_is_a_failure_unless_the_server_broke_the_protocol()
    {
        var refused = Parts(v => v[TlsVersion.Tls12] = None(new ProbeFailure.Alert(2, 40))) with { FirstFailure = new ProbeFailure.Alert(2, 40), FirstAnswerVersion = null };
        Assert.Equal(new ProbeFailure.Alert(2, 40), ScanAssembly.Assemble(refused).Failure);

        var broken = refused with { ProtocolViolations = ["the server answered with a suite it was not offered"] };
        Assert.Null(ScanAssembly.Assemble(broken).Failure);
    }

    [Fact]
    public void The_same_parts_give_the_same_result()
    {
        var parts = Parts() with { HiddenKinds = [CertificateKind.Rsa] };
        var a = ScanAssembly.Assemble(parts);
        var b = ScanAssembly.Assemble(parts);
        Assert.Equal(a.Notes, b.Notes);
        Assert.Equal(a.Findings.Select(f => f.Id), b.Findings.Select(f => f.Id));
        Assert.Equal(a.Summary, b.Summary);
    }
}
