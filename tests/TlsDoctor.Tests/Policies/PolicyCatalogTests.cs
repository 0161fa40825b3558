using System.Text.Json;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;
using TlsDoctor.Registry;

namespace TlsDoctor.Tests.Policies;

public class PolicyCatalogTests
{
    private static readonly string[] HybridGroups = ["X25519MLKEM768", "SecP256r1MLKEM768", "SecP384r1MLKEM1024"];

    /// <summary>The compiled reference (../shared/reference/policies/aws-elb.json) is ground truth for ELB content.</summary>
    public static IEnumerable<object[]> ReferenceAwsPolicies()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.SharedReference("policies/aws-elb.json")));
        foreach (var p in doc.RootElement.EnumerateArray())
            yield return [p.GetProperty("name").GetString()!, string.Join(",", p.GetProperty("loadBalancers").EnumerateArray().Select(x => x.GetString())), p.GetRawText()];
    }

    [Theory]
    [MemberData(nameof(ReferenceAwsPolicies))]
    public void Every_aws_policy_equals_the_reference(string name, string loadBalancers, string referenceJson)
    {
        using var doc = JsonDocument.Parse(referenceJson);
        var r = doc.RootElement;
        var lbs = loadBalancers == "unknown" ? Array.Empty<string>() : loadBalancers.Split(',');
        var policy = PolicyCatalog.All.Single(p => p.Provider == "aws" && p.Name == name && p.LoadBalancers.SequenceEqual(lbs));

        if (r.GetProperty("protocols").ValueKind == JsonValueKind.Null)
        {
            Assert.True(policy.Unknown.HasFlag(PolicyUnknowns.Protocols));
            Assert.Empty(policy.Versions);
        }
        else
        {
            var expected = r.GetProperty("protocols").EnumerateArray().Select(x => TlsVersion.Parse(x.GetString()!)).Order();
            Assert.Equal(expected, policy.Versions);
        }

        if (r.GetProperty("ciphers").ValueKind == JsonValueKind.Null && !policy.Unknown.HasFlag(PolicyUnknowns.Tls12CipherSuites))
        {
            // Filled in after the reference was compiled: only from the s2n-tls snapshot of this exact name, never guessed.
            Assert.Contains(policy.Sources, s => s.StartsWith("https://github.com/aws/s2n-tls/blob/", StringComparison.Ordinal) && s.EndsWith("/" + name, StringComparison.Ordinal));
            Assert.Equal(PolicyConfidence.Medium, policy.Confidence);
            Assert.NotEmpty(policy.CipherSuites);
        }
        else
        {
            var expectedSuites = new List<ushort>();
            foreach (var list in new[] { "tls13Ciphers", "ciphers" })
            {
                var v = r.GetProperty(list);
                if (v.ValueKind == JsonValueKind.Null) continue;
                expectedSuites.AddRange(v.EnumerateArray().Select(x => CipherSuites.Find(x.GetString()!)!.Code));
            }
            Assert.Equal(expectedSuites, policy.CipherSuites);
            Assert.Equal(r.GetProperty("tls13Ciphers").ValueKind == JsonValueKind.Null, policy.Unknown.HasFlag(PolicyUnknowns.Tls13CipherSuites));
            Assert.Equal(r.GetProperty("ciphers").ValueKind == JsonValueKind.Null, policy.Unknown.HasFlag(PolicyUnknowns.Tls12CipherSuites));
        }
        // The IANA spelling of the list names the same suites (the reference's own cross-check).
        if (r.TryGetProperty("ciphersIana", out var iana) && iana.ValueKind == JsonValueKind.Array)
            Assert.Equal(iana.EnumerateArray().Select(x => CipherSuites.Find(x.GetString()!)!.Code), policy.CipherSuites.Where(c => !CipherSuites.Find(c)!.IsTls13));
        Assert.Equal(r.GetProperty("fips").GetBoolean(), policy.IsFips);
        Assert.Equal(r.GetProperty("postQuantum").GetBoolean(), policy.IsPostQuantum);
        Assert.Equal(r.TryGetProperty("default", out _), policy.IsDefault);
    }

    [Fact]
    public void The_console_default_is_a_catalog_fact_for_ALB_and_NLB_only()
    {
        var alb = PolicyCatalog.ConsoleDefault("ALB");
        Assert.NotNull(alb);
        Assert.Equal("ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", alb.Name);
        Assert.Contains("ALB", alb.LoadBalancers);
        Assert.Same(alb, PolicyCatalog.ConsoleDefault("alb"));
        Assert.Equal(alb.Name, PolicyCatalog.ConsoleDefault("NLB")?.Name);
        Assert.Null(PolicyCatalog.ConsoleDefault("CLB"));
        // The data's note agrees with the structured fact.
        Assert.Contains("console default", alb.DefaultNote!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Catalog_holds_every_provider_and_ids_are_unique()
    {
        Assert.Equal(60, PolicyCatalog.All.Count(p => p.Provider == "aws"));
        Assert.Equal(9, PolicyCatalog.All.Count(p => p.Provider == "cloudfront"));
        Assert.Equal(15, PolicyCatalog.All.Count(p => p.Provider == "apigateway"));
        Assert.Equal(4, PolicyCatalog.All.Count(p => p.Provider == "gcp"));
        Assert.Equal(5, PolicyCatalog.All.Count(p => p.Provider == "azure"));
        Assert.Equal(["mozilla-intermediate", "mozilla-modern", "mozilla-old"], PolicyCatalog.All.Where(p => p.Provider == "mozilla").Select(p => p.Name).Order());
        Assert.Equal(PolicyCatalog.All.Count, PolicyCatalog.All.Select(p => p.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void The_summary_read_from_the_files_outline_equals_the_loaded_catalog()
    {
        var summary = PolicyCatalog.Summary;
        Assert.Equal(PolicyCatalog.All.Count, summary.Policies);
        Assert.Equal(PolicyCatalog.Providers.Order(), summary.Providers.Order());
        // The latest "checked" date of the embedded files, read here with a full JSON parser.
        var dates = Directory.EnumerateFiles(RepoPaths.Repo("data/policies"), "*.json")
            .Select(f => JsonDocument.Parse(File.ReadAllBytes(f)).RootElement)
            .Where(r => r.TryGetProperty("checked", out _)).Select(r => r.GetProperty("checked").GetString()!).ToList();
        Assert.NotEmpty(dates);
        Assert.Equal(dates.Max(StringComparer.Ordinal), summary.CheckedOn);
    }

    [Fact]
    public void Known_version_ranges_are_contiguous()
    {
        foreach (var p in PolicyCatalog.All.Where(p => p.Versions.Count > 0))
        {
            var all = TlsVersion.All.Where(v => v >= p.MinVersion && v <= p.MaxVersion);
            Assert.True(all.SequenceEqual(p.Versions), $"{p.Id}: {string.Join(",", p.Versions)}");
        }
    }

    [Fact]
    public void Every_post_quantum_aws_policy_carries_the_three_hybrid_groups()
    {
        var pq = PolicyCatalog.All.Where(p => p.Provider == "aws" && p.Category is "PQ" or "FIPS-PQ").ToList();
        Assert.Equal(14, pq.Count);
        foreach (var p in pq)
        {
            Assert.True(p.IsPostQuantum);
            Assert.NotNull(p.Groups);
            Assert.Superset(HybridGroups.ToHashSet(), p.Groups!.Select(g => Groups.Find(g)!.Name).ToHashSet());
            Assert.Equal(p.Unknown.HasFlag(PolicyUnknowns.Tls12CipherSuites), p.Unknown.HasFlag(PolicyUnknowns.Groups));
        }
        // Classical policies never offer a hybrid group: groups tell a -PQ- policy from its twin.
        foreach (var p in PolicyCatalog.All.Where(p => p.Provider == "aws" && !p.IsPostQuantum))
            Assert.DoesNotContain((p.Groups ?? []).Concat(p.ImplementationGroups ?? []), g => Groups.Find(g)!.IsPostQuantum);
    }

    [Fact]
    public void A_post_quantum_policy_offers_the_suites_of_its_classical_twin()
    {
        // Two independent sources agree: the twins' lists come from the ELB docs, the PQ lists from s2n-tls snapshots.
        foreach (var p in PolicyCatalog.All.Where(p => p.ClassicalCounterpart is not null && !p.Unknown.HasFlag(PolicyUnknowns.Tls12CipherSuites)))
        {
            var twin = PolicyCatalog.Find(p.ClassicalCounterpart!, "ALB").Policy!;
            Assert.Equal(twin.Versions, p.Versions);
            Assert.Equal(twin.CipherSuites.Order(), p.CipherSuites.Order());
            if (p.Name != "ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09") // docs/s2n disagree on one RSA/ECDSA pair; see the twin's notes
                Assert.Equal(twin.CipherSuites, p.CipherSuites);
        }
    }

    [Fact]
    public void Policies_whose_suites_no_source_gives_are_marked_unknown_not_guessed()
    {
        var unknown = PolicyCatalog.All.Where(p => p.Provider == "aws" && p.Unknown.HasFlag(PolicyUnknowns.Tls12CipherSuites)).Select(p => p.Name).Order().ToList();
        // One post-quantum policy known only from the CDK enum, and three old Classic Load Balancer policies.
        Assert.Equal(["ELBSecurityPolicy-2011-08", "ELBSecurityPolicy-2014-01", "ELBSecurityPolicy-2014-10", "ELBSecurityPolicy-TLS13-1-1-FIPS-PQ-2025-09"], unknown);
        foreach (var p in PolicyCatalog.All.Where(p => p.Unknown.HasFlag(PolicyUnknowns.Tls12CipherSuites)))
            Assert.DoesNotContain(p.CipherSuites, c => !CipherSuites.Find(c)!.IsTls13);
    }

    [Theory]
    [InlineData("elbsecuritypolicy-tls13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-2-2021-06")]
    [InlineData("ELBSecurityPolicy-TLS13-1-2-RES-PQ-2025-09", "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09")]
    [InlineData("Mozilla-Intermediate", "mozilla-intermediate")]
    [InlineData("tls_1_2@edge", "TLS_1_2@edge")]
    public void Names_match_case_insensitively(string query, string id)
    {
        var r = PolicyCatalog.Find(query);
        Assert.True(r.IsSuccess, r.Error?.Message);
        Assert.Equal(id, r.Policy!.Id);
    }

    [Fact]
    public void An_unknown_name_gets_the_closest_names()
    {
        var r = PolicyCatalog.Find("ELBSecurityPolicy-TLS13-1-2-2021-6");
        var error = Assert.IsType<PolicyError.UnknownName>(r.Error);
        Assert.Contains("ELBSecurityPolicy-TLS13-1-2-2021-06", error.Suggestions);
        Assert.Contains("closest", error.Message);
    }

    [Fact]
    public void A_name_shared_by_two_policies_means_the_unscoped_one_unless_the_load_balancer_type_says_otherwise()
    {
        var byName = PolicyCatalog.Find("ELBSecurityPolicy-2015-05").Policy!;
        var clb = PolicyCatalog.Find("ELBSecurityPolicy-2015-05", "clb").Policy!;
        var alb = PolicyCatalog.Find("ELBSecurityPolicy-2015-05", "ALB").Policy!;
        Assert.Same(alb, byName);
        Assert.Equal("ELBSecurityPolicy-2015-05@clb", clb.Id);
        Assert.Same(clb, PolicyCatalog.Find("elbsecuritypolicy-2015-05@CLB").Policy);
        // CLB docs: 2016-08 plus DES-CBC3-SHA; ALB/NLB docs: identical to 2016-08.
        Assert.Contains((ushort)0x000A, clb.CipherSuites);
        Assert.DoesNotContain((ushort)0x000A, alb.CipherSuites);
        Assert.Equal(PolicyCatalog.Get("ELBSecurityPolicy-2016-08")!.CipherSuites, alb.CipherSuites);
    }

    [Fact]
    public void A_name_shared_by_scoped_policies_only_is_ambiguous()
    {
        var error = Assert.IsType<PolicyError.Ambiguous>(PolicyCatalog.Find("TLS_1_2").Error);
        Assert.Equal(["TLS_1_2@edge", "TLS_1_2@http", "TLS_1_2@regional"], error.Candidates.Order());
    }

    [Fact]
    public void Alias_entries_are_linked_both_ways()
    {
        var alias = PolicyCatalog.Find("ELBSecurityPolicy-2015-05", "ALB").Policy!;
        Assert.Equal("ELBSecurityPolicy-2016-08", alias.AliasOf);
        Assert.Contains("ELBSecurityPolicy-2015-05", PolicyCatalog.Get("ELBSecurityPolicy-2016-08")!.Aliases);
    }

    [Fact]
    public void Filters_select_by_provider_load_balancer_protocol_and_flags()
    {
        var tls12 = PolicyCatalog.Query(new PolicyFilter { Provider = "aws", LoadBalancer = "alb", MinProtocol = TlsVersion.Tls12 });
        Assert.NotEmpty(tls12);
        Assert.All(tls12, p => Assert.True(p.MinVersion >= TlsVersion.Tls12 && p.LoadBalancers.Contains("ALB")));
        Assert.Contains(tls12, p => p.Name == "ELBSecurityPolicy-TLS13-1-3-2021-06");
        Assert.DoesNotContain(tls12, p => p.Name == "ELBSecurityPolicy-2016-08");
        var fipsPq = PolicyCatalog.Query(new PolicyFilter { Fips = true, PostQuantum = true, Provider = "aws", LoadBalancer = "NLB" });
        Assert.Equal(8, fipsPq.Count);
    }

    [Fact]
    public void Mozilla_profiles_follow_guideline_5_7()
    {
        var intermediate = PolicyCatalog.Get("mozilla-intermediate")!;
        Assert.False(intermediate.ServerOrder);
        Assert.Equal([TlsVersion.Tls12, TlsVersion.Tls13], intermediate.Versions);
        Assert.Equal(0xCCAA, intermediate.CipherSuites[^1]); // DHE-RSA-CHACHA20-POLY1305, appended in 5.7
        Assert.True(PolicyCatalog.Get("mozilla-old")!.ServerOrder);
    }
}
