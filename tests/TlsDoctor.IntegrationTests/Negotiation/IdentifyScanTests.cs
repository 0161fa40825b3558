using System.Collections.Concurrent;
using TlsDoctor.IntegrationTests.Servers;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;
using TlsDoctor.Scanning;
using Xunit.Abstractions;

namespace TlsDoctor.IntegrationTests.Negotiation;

/// <summary>
/// Identify end to end: for every AWS policy the catalog can export to `openssl s_server`, a real server configured
/// from the export is scanned with the project's scanner, and Identify must name that policy among its exact matches.
/// Ground truth is the configuration each server was started with.
/// </summary>
public class IdentifyScanTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_exported_policy_is_identified_from_a_scan_of_a_real_server()
    {
        var policies = DifferentialPolicies.All().Where(OpenSslServerConfig.CanExpress).ToList();
        // Policies with suites (3DES) or groups (post-quantum) this OpenSSL lacks cannot be served as the catalog states
        // them; they are left out.
        var servable = policies.Select(p => (Catalog: p, Served: OpenSslServerConfig.Enforceable(p)))
            .Where(x => x.Served.CipherSuites.SequenceEqual(x.Catalog.CipherSuites) && OpenSslServerConfig.CanExport(x.Served)
                        && (x.Catalog.Groups ?? []).All(g => x.Served.Groups!.Contains(g))
                        // A post-quantum policy whose groups the catalog does not state still offers some post-quantum group.
                        && (!x.Catalog.IsPostQuantum || (x.Served.Groups ?? []).Any(g => TlsDoctor.Registry.Groups.Find(g)?.IsPostQuantum == true)))
            .ToList();
        Assert.True(servable.Count >= 20, $"only {servable.Count} servable policies");
        var failures = new ConcurrentBag<string>();
        var classSizes = new ConcurrentBag<int>();
        var scans = 0;
        using var gate = new SemaphoreSlim(4);
        var jobs = servable.SelectMany(x => new[] { CertificateKind.Rsa, CertificateKind.Ecdsa }.Select(c => (x.Catalog, x.Served, Certificate: c))).Select(async job =>
        {
            await gate.WaitAsync();
            try
            {
                await using var server = await OpenSslServer.StartAsync(job.Certificate, [.. OpenSslServerConfig.Arguments(job.Served)]);
                Assert.True(ScanTarget.TryParse(server.Endpoint, out var target, out var error), error);
                var options = new ScanOptions
                {
                    Timeouts = StageTimeouts.Uniform(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)),
                    PerEndpointConcurrency = 1,  // s_server answers one connection at a time
                    Certificates = false,
                };
                ScanResult? scan = null;
                await foreach (var r in new ScanEngine(options).ScanAsync([target], null, CancellationToken.None)) scan = r;
                Interlocked.Increment(ref scans);
                if (scan is null || ScanObservation.From(scan) is not { } observed) { failures.Add($"{job.Catalog.Name} / {job.Certificate}: scan saw nothing ({scan?.Failure})"); return; }
                var matches = PolicyIdentifier.Identify(observed, PolicyCatalog.All);
                if (!matches.Any(m => m.Exact && m.Name == job.Catalog.Name && m.Provider == job.Catalog.Provider))
                    failures.Add($"{job.Catalog.Name} / {job.Certificate}: identified as " + string.Join("; ", matches.Select(m =>
                        $"{m.Name}{(m.Exact ? " (exact)" : "")} missing [{string.Join(", ", m.Missing)}] extra [{string.Join(", ", m.Extra)}]")));
                else classSizes.Add(matches.Count);
            }
            finally { gate.Release(); }
        });
        await Task.WhenAll(jobs);
        output.WriteLine($"{scans} scans of {servable.Count} policies × 2 certificate types; equivalence classes of size {string.Join(",", classSizes.Order())}");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {scans} scans not identified:\n" + string.Join('\n', failures.Order().Take(40)));
    }
}
