using System.Collections.Concurrent;
using TlsDoctor.IntegrationTests.Policies;
using TlsDoctor.IntegrationTests.Servers;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;
using TlsDoctor.Scanning;
using Xunit.Abstractions;

namespace TlsDoctor.IntegrationTests.Scanning;

/// <summary>
/// The closed loop through haproxy and nginx (beside the s_server one in IdentifyScanTests): every distinct AWS ALB/NLB
/// server configuration of the catalog is exported with `policies export --format haproxy|nginx`, served by the real
/// server with an RSA and an ECDSA certificate, scanned, and identified; Identify must name the policy exactly. haproxy
/// runs with OpenSSL's ChaCha20 prioritisation on, so server order with ChaCha20 priority must be recognised.
/// </summary>
public class ExportedPolicyIdentifyTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Servers() => [["haproxy"], ["nginx"]];

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Every_distinct_exported_policy_is_identified_behind_the_real_server(string kind)
    {
        var ids = PolicyExportServerTests.DistinctServerConfigurations().Select(o => (string)o[0]).ToList();
        var failures = new ConcurrentBag<string>();
        var skipped = new ConcurrentBag<string>();
        using var gate = new SemaphoreSlim(3);
        await Task.WhenAll(ids.Select(async id =>
        {
            var policy = PolicyCatalog.Get(id)!;
            var format = kind == "haproxy" ? PolicyExportFormat.Haproxy : PolicyExportFormat.Nginx;
            var export = PolicyExporter.Export(policy, format);
            // Suites or groups this OpenSSL cannot enforce are left out of the export with a warning: the served policy is then
            // not the catalog's, and Identify rightly names another (the s_server loop covers what can be served).
            if (export.Error is not null || !policy.CipherSuites.All(OpenSslSupport.CanEnforceSuite) || policy.IsPostQuantum)
            {
                skipped.Add(id);
                return;
            }
            var lines = export.Text.Split('\n').Where(l => !l.StartsWith('#') && l.Trim().Length > 0).ToList();
            await gate.WaitAsync();
            try
            {
                await using var server = kind == "haproxy"
                    ? await HaproxyServer.StartAsync([TestCertificates.Rsa, TestCertificates.Ecdsa], "",
                        string.Join('\n', lines.Where(l => l.StartsWith("    ssl-default-bind-", StringComparison.Ordinal))))
                    : await NginxServer.StartAsync([TestCertificates.Rsa, TestCertificates.Ecdsa], string.Join("\n    ", lines));
                var scan = await ScanHelper.ScanAsync(server, timeout: TimeSpan.FromSeconds(10));
                var matches = ScanObservation.Identify(scan);
                if (!matches.Any(m => m.Exact && m.Name == policy.Name))
                    failures.Add($"{id}: " + (scan.Failure?.Message ?? string.Join("; ", matches.Select(m =>
                        $"{m.Name}{(m.Exact ? " (exact)" : "")} missing [{string.Join(", ", m.Missing)}] extra [{string.Join(", ", m.Extra)}]"))
                        + (scan.IsComplete ? "" : " incomplete: " + string.Join("; ", scan.Incomplete))));
            }
            finally { gate.Release(); }
        }));
        output.WriteLine($"{kind}: {ids.Count - skipped.Count} policies served and identified; not servable as the catalog states them: {string.Join(", ", skipped.Order())}");
        Assert.True(ids.Count - skipped.Count >= 15, $"only {ids.Count - skipped.Count} servable");
        Assert.True(failures.IsEmpty, $"{failures.Count} not identified:\n" + string.Join('\n', failures.Order()));
    }
}
