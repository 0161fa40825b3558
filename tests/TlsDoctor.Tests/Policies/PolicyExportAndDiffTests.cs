using System.Text.Json;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;
using TlsDoctor.Registry;

namespace TlsDoctor.Tests.Policies;

public class PolicyExportAndDiffTests
{
    private static ServerPolicy Policy(string name) => PolicyCatalog.Get(name)!;

    [Fact]
    public void Diff_lists_protocols_and_suites_added_and_removed()
    {
        var d = PolicyDiff.Compare(Policy("ELBSecurityPolicy-2016-08"), Policy("ELBSecurityPolicy-TLS13-1-2-2021-06"));
        Assert.Equal([TlsVersion.Tls13], d.ProtocolsAdded);
        Assert.Equal([TlsVersion.Tls10, TlsVersion.Tls11], d.ProtocolsRemoved);
        Assert.Equal([(ushort)0x1301, (ushort)0x1302, (ushort)0x1303], d.SuitesAdded);
        Assert.Contains((ushort)0x002F, d.SuitesRemoved); // AES128-SHA
        Assert.False(d.IsIdentical);
        // every suite of either side is accounted for exactly once
        var from = Policy("ELBSecurityPolicy-2016-08").CipherSuites;
        var to = Policy("ELBSecurityPolicy-TLS13-1-2-2021-06").CipherSuites;
        Assert.Equal(to.Count, from.Count - d.SuitesRemoved.Count + d.SuitesAdded.Count);
    }

    [Fact]
    public void Diff_of_an_alias_and_its_target_is_identical()
    {
        var d = PolicyDiff.Compare(PolicyCatalog.Find("ELBSecurityPolicy-2015-05", "ALB").Policy!, Policy("ELBSecurityPolicy-2016-08"));
        Assert.True(d.IsIdentical);
    }

    [Fact]
    public void Diff_with_a_policy_of_unknown_suites_says_it_is_incomplete()
    {
        var d = PolicyDiff.Compare(Policy("ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04"), Policy("ELBSecurityPolicy-TLS13-1-1-FIPS-PQ-2025-09"));
        Assert.True(d.Unknown.HasFlag(PolicyUnknowns.Tls12CipherSuites));
    }

    [Fact]
    public void Exporting_a_policy_whose_suites_are_unknown_is_refused()
    {
        var e = PolicyExporter.Export(Policy("ELBSecurityPolicy-TLS13-1-1-FIPS-PQ-2025-09"), PolicyExportFormat.OpenSsl);
        Assert.NotNull(e.Error);
        Assert.Contains("not known", e.Error);
    }

    [Fact]
    public void OpenSsl_export_carries_range_suites_in_order_and_server_preference()
    {
        var p = Policy("ELBSecurityPolicy-TLS13-1-2-2021-06");
        var e = PolicyExporter.Export(p, PolicyExportFormat.OpenSsl);
        Assert.Null(e.Error);
        var args = e.Arguments.ToList();
        Assert.Equal("TLSv1.2", args[args.IndexOf("-min_protocol") + 1]);
        Assert.Equal("TLSv1.3", args[args.IndexOf("-max_protocol") + 1]);
        Assert.Contains("-serverpref", args);
        var classic = args[args.IndexOf("-cipher") + 1].Split(':').Select(n => CipherSuites.Find(n)!.Code);
        var tls13 = args[args.IndexOf("-ciphersuites") + 1].Split(':').Select(n => CipherSuites.Find(n)!.Code);
        Assert.Equal(p.CipherSuites, tls13.Concat(classic));
    }

    [Fact]
    public void Export_below_tls12_lowers_the_openssl_security_level_and_says_so()
    {
        var e = PolicyExporter.Export(Policy("ELBSecurityPolicy-2016-08"), PolicyExportFormat.Nginx);
        Assert.EndsWith(":@SECLEVEL=0", e.CipherString);
        Assert.Contains("ssl_protocols TLSv1 TLSv1.1 TLSv1.2;", e.Text);
        Assert.Contains("ssl_prefer_server_ciphers on;", e.Text);
        Assert.Contains("# warning: @SECLEVEL=0", e.Text);
    }

    [Fact]
    public void Suites_openssl_cannot_enforce_are_left_out_with_a_comment()
    {
        var e = PolicyExporter.Export(Policy("ELBSample-OpenSSLDefaultCipherPolicy"), PolicyExportFormat.Haproxy);
        Assert.Null(e.Error);
        Assert.Contains(e.Warnings, w => w.Contains("RC4") && w.Contains("cannot enforce"));
        Assert.DoesNotContain("RC4", e.CipherString);
        Assert.Contains("# warning:", e.Text);
    }

    [Fact]
    public void Hybrid_post_quantum_groups_are_not_exported_for_openssl_3_0()
    {
        var p = Policy("ELBSecurityPolicy-TLS13-1-2-2021-06") with { Groups = [0x11EC, 0x001D], Unknown = PolicyUnknowns.None };
        var e = PolicyExporter.Export(p, PolicyExportFormat.Nginx);
        Assert.Contains("ssl_ecdh_curve X25519;", e.Text);
        Assert.Contains(e.Warnings, w => w.Contains("X25519MLKEM768"));
    }

    [Fact]
    public void Client_order_policies_export_without_server_preference()
    {
        var p = Policy("mozilla-intermediate");
        Assert.DoesNotContain("-serverpref", PolicyExporter.Export(p, PolicyExportFormat.OpenSsl).Arguments);
        Assert.Contains("prefer-client-ciphers", PolicyExporter.Export(p, PolicyExportFormat.Haproxy).BindOptions);
        Assert.Contains("ssl_prefer_server_ciphers off;", PolicyExporter.Export(p, PolicyExportFormat.Nginx).Text);
    }

    public static IEnumerable<object[]> ExportablePolicies() =>
        PolicyCatalog.All.Where(p => !p.Unknown.HasFlag(PolicyUnknowns.Tls12CipherSuites) && !p.Unknown.HasFlag(PolicyUnknowns.Tls13CipherSuites) && !p.Unknown.HasFlag(PolicyUnknowns.Protocols))
            .Select(p => new object[] { p.Id });

    [Theory]
    [MemberData(nameof(ExportablePolicies))]
    public void Aws_json_export_reads_back_as_the_same_policy(string id)
    {
        var p = PolicyCatalog.Get(id)!;
        var e = PolicyExporter.Export(p, PolicyExportFormat.AwsJson);
        using (var doc = JsonDocument.Parse(e.Text))
            Assert.Equal(p.Name, doc.RootElement.GetProperty("SslPolicies")[0].GetProperty("Name").GetString());
        var back = PolicyDocument.Parse(e.Text, "export", "x");
        Assert.True(back.IsSuccess, back.Error?.Message);
        var q = Assert.Single(back.Policies);
        Assert.Equal(p.Versions, q.Versions);
        Assert.Equal(p.CipherSuites, q.CipherSuites);
        Assert.Equal(p.LoadBalancers, q.LoadBalancers);
    }
}
