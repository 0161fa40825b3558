using TlsDoctor.IntegrationTests.Servers;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;
using TlsDoctor.Registry;

namespace TlsDoctor.IntegrationTests.Policies;

/// <summary>
/// Every AWS ALB/NLB policy whose content is known, exported for openssl s_server and for haproxy, enforced by the
/// real server: the enabled protocol range, the server's suite order (TLS 1.3 and older), sample in-policy suites
/// accepted alone and out-of-policy suites refused. The expected values come from the catalog entry (the policy
/// under test), the observed ones from openssl s_client.
/// </summary>
public class PolicyExportServerTests
{
    private static readonly TlsVersion[] Testable = [TlsVersion.Tls10, TlsVersion.Tls11, TlsVersion.Tls12, TlsVersion.Tls13];

    // Suites OpenSSL 3.0 implements that some policies leave out; each must be refused where the policy lacks it.
    private static readonly string[] OutsideCandidates =
        ["ECDHE-RSA-CHACHA20-POLY1305", "ECDHE-ECDSA-CHACHA20-POLY1305", "AES128-SHA", "ECDHE-RSA-AES128-SHA", "AES256-GCM-SHA384", "DES-CBC3-SHA", "CAMELLIA128-SHA"];
    private static readonly string[] OutsideTls13Candidates = ["TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_CCM_SHA256"];

    /// <summary>Every ALB/NLB policy whose protocols and suites are known (aliases included).</summary>
    public static IEnumerable<object[]> AlbNlbPolicies() => Known().Select(p => new object[] { p.Id });

    /// <summary>
    /// For the real servers, one policy per distinct exported configuration: an alias, or a post-quantum policy whose
    /// suites equal its classical twin's (OpenSSL 3.0 cannot offer the hybrid groups), would run the same servers again.
    /// </summary>
    public static IEnumerable<object[]> DistinctServerConfigurations() =>
        Known().DistinctBy(p => (string.Join(',', p.Versions), string.Join(',', p.CipherSuites), p.ServerOrder)).Select(p => new object[] { p.Id });

    private static IEnumerable<ServerPolicy> Known() =>
        PolicyCatalog.All.Where(p => p.Provider == "aws" && p.LoadBalancers.Contains("ALB") && p.Scope is null
                                     && (p.Unknown & (PolicyUnknowns.Protocols | PolicyUnknowns.Tls12CipherSuites | PolicyUnknowns.Tls13CipherSuites)) == 0);

    [Fact]
    public void Every_alb_nlb_policy_of_known_content_is_covered()
    {
        // 7 TLS 1.3, 6 TLS, 5 FS, 8 FIPS, 13 PQ, 3 strict and 4 interop RFC 9151 policies (TLS13-1-1-FIPS-PQ content is unknown).
        Assert.Equal(46, AlbNlbPolicies().Count());
        Assert.Equal(33, DistinctServerConfigurations().Count());
    }

    [Theory]
    [MemberData(nameof(AlbNlbPolicies))]
    public async Task Exported_openssl_cipher_strings_expand_to_exactly_the_policy_in_order(string id)
    {
        var policy = PolicyCatalog.Get(id)!;
        var export = PolicyExporter.Export(policy, PolicyExportFormat.OpenSsl);
        Assert.Null(export.Error);
        // `openssl ciphers -V` prints the list a configuration selects, TLS 1.3 suites first.
        var args = new List<string> { "ciphers", "-V", "-ciphersuites", export.Ciphersuites };
        if (export.CipherString.Length > 0) args.Add(export.CipherString);
        else args.AddRange(["-s", "-tls1_3"]); // TLS 1.3-only: no classic cipher string to expand
        var result = await ProcessRunner.RunAsync("openssl", args, TimeSpan.FromSeconds(10));
        var codes = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Trim().Split(' ')[0])
            .Select(hex => (ushort)(Convert.ToByte(hex.Split(',')[0], 16) << 8 | Convert.ToByte(hex.Split(',')[1], 16)))
            .ToList();
        // What OpenSSL 3.0 cannot enforce is left out of the export and named in a warning; the rest is the policy in order.
        var missing = policy.CipherSuites.Where(c => !codes.Contains(c)).ToList();
        foreach (var c in missing) Assert.Contains(export.Warnings, w => w.Contains(Codepoint.Format(c)));
        Assert.Equal(policy.CipherSuites.Except(missing), codes);
        Assert.True(missing.Count <= 1, $"{id}: {missing.Count} suites not enforceable");
    }

    [Theory]
    [MemberData(nameof(DistinctServerConfigurations))]
    public async Task Openssl_s_server_with_the_export_enforces_the_policy(string id)
    {
        var policy = PolicyCatalog.Get(id)!;
        var export = PolicyExporter.Export(policy, PolicyExportFormat.OpenSsl);
        await using var server = await OpenSslServer.StartAsync([TestCertificates.Rsa, TestCertificates.Ecdsa], [.. export.Arguments]);
        await AssertEnforcedAsync(policy, server);
    }

    internal static async Task AssertEnforcedAsync(ServerPolicy policy, ServerProcess server)
    {
        // Suites OpenSSL 3.0 lacks (3DES here) are left out of the export with a warning; the rest must be enforced.
        var classic = policy.CipherSuites.Where(OpenSslSupport.CanEnforceSuite).Select(c => CipherSuites.Find(c)!).Where(s => !s.IsTls13).ToList();
        var tls13 = policy.CipherSuites.Select(c => CipherSuites.Find(c)!).Where(s => s.IsTls13).ToList();
        const string anyClassic = "ALL:COMPLEMENTOFALL:@SECLEVEL=0";

        var checks = new List<Task>();
        // Protocol range: each version alone succeeds exactly when the policy enables it.
        foreach (var v in Testable)
            checks.Add(Check(async () =>
            {
                var hs = await SClient.ConnectAsync(server, VersionFlag(v), "-cipher", anyClassic);
                if (policy.Versions.Contains(v))
                    Assert.True(hs is not null && TlsVersion.Parse(hs.Protocol) == v, $"{policy.Id}: {v.Name} refused by {server.Description}");
                else
                    Assert.True(hs is null, $"{policy.Id}: {v.Name} accepted ({hs}) by {server.Description}");
            }));

        if (classic.Count > 0)
        {
            var top = policy.Versions.Where(v => v < TlsVersion.Tls13).Max();
            // Server order: the client lists the policy's suites backwards; the server still picks its first.
            // ChaCha20 suites stay out of the reversed list: haproxy prioritizes them when a client lists them first (checked below).
            var reversed = string.Join(':', classic.AsEnumerable().Reverse().Where(s => !IsChaCha(s)).Select(s => s.OpenSslName)) + ":@SECLEVEL=0";
            checks.Add(Check(async () => Assert.Equal(classic[0].OpenSslName, (await SClient.ConnectAsync(server, VersionFlag(top), "-cipher", reversed))?.Cipher)));
            // A sample of the policy's suites is accepted alone; suites outside it are refused alone.
            foreach (var s in new[] { classic[classic.Count / 2], classic[^1] }.Distinct())
                checks.Add(Check(async () => Assert.Equal(s.OpenSslName, (await SClient.ConnectAsync(server, VersionFlag(Best(s, policy)), "-cipher", s.OpenSslName + ":@SECLEVEL=0"))?.Cipher)));
            foreach (var name in OutsideCandidates.Where(n => !classic.Any(s => s.OpenSslName == n)).Take(1))
                checks.Add(Check(async () => Assert.Null(await SClient.ConnectAsync(server, VersionFlag(top), "-cipher", name + ":@SECLEVEL=0"))));
        }

        if (tls13.Count > 0)
        {
            var reversed = string.Join(':', tls13.AsEnumerable().Reverse().Where(s => !IsChaCha(s)).Select(s => s.IanaName));
            checks.Add(Check(async () => Assert.Equal(tls13[0].IanaName, (await SClient.ConnectAsync(server, "-tls1_3", "-ciphersuites", reversed))?.Cipher)));
            foreach (var s in new[] { tls13[^1] })
                checks.Add(Check(async () => Assert.Equal(s.IanaName, (await SClient.ConnectAsync(server, "-tls1_3", "-ciphersuites", s.IanaName!))?.Cipher)));
            foreach (var name in OutsideTls13Candidates.Where(n => !tls13.Any(s => s.IanaName == n)).Take(1))
                checks.Add(Check(async () => Assert.Null(await SClient.ConnectAsync(server, "-tls1_3", "-ciphersuites", name))));
        }
        // What the export warns about for haproxy (OpenSSL's PrioritizeChaCha), observed: a ChaCha-first client gets ChaCha20.
        var chacha13 = tls13.FirstOrDefault(IsChaCha);
        if (chacha13 is not null && tls13[0] != chacha13)
        {
            var warned = PolicyExporter.Export(policy, PolicyExportFormat.Haproxy).Warnings.Any(w => w.Contains("PrioritizeChaCha"));
            var expected = server.Description.StartsWith("haproxy", StringComparison.Ordinal) ? chacha13.IanaName : tls13[0].IanaName;
            Assert.True(warned);
            checks.Add(Check(async () => Assert.Equal(expected, (await SClient.ConnectAsync(server, "-tls1_3", "-ciphersuites", chacha13.IanaName + ":" + tls13[0].IanaName))?.Cipher)));
        }
        await Task.WhenAll(checks);
    }

    private static bool IsChaCha(CipherSuite s) => s.Enc == "CHACHA20/POLY1305";

    private static Task Check(Func<Task> check) => Task.Run(check);

    /// <summary>The highest enabled version a suite works in (TLS 1.2-only suites need TLS 1.2).</summary>
    private static TlsVersion Best(CipherSuite s, ServerPolicy p) => p.Versions.Where(v => v < TlsVersion.Tls13 && v >= (s.MinProtocol ?? TlsVersion.SSLv3)).Max();

    private static string VersionFlag(TlsVersion v) => v.Value switch
    {
        0x0301 => "-tls1",
        0x0302 => "-tls1_1",
        0x0303 => "-tls1_2",
        _ => "-tls1_3",
    };
}
