using System.Collections.Concurrent;
using TlsDoctor.Diagnosis;
using TlsDoctor.Emulator;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;
using TlsDoctor.Registry;

namespace TlsDoctor.IntegrationTests.Emulator;

/// <summary>
/// Closed loop over every AWS policy of the catalog (ALB, NLB, CLB) whose contents are known, the post-quantum ones
/// included: `serve` enforces the policy, the scanner scans it, and Identify must name the policy's equivalence class,
/// with the scanned suites equal to the suites the policy offers through an RSA certificate (ground truth: the
/// catalog entry). A post-quantum policy differs from its classical counterpart only in its hybrid groups, so the
/// scan must also keep the two apart: no exact match may be a policy of the other kind.
/// </summary>
public sealed class ClosedLoopTests
{
    public static IReadOnlyList<ServerPolicy> AwsPolicies => PolicyCatalog.All
        .Where(p => p.Provider == "aws" && p.LoadBalancers.Any(lb => lb is "ALB" or "NLB" or "CLB") && SecurityProfile.Of(p).IsKnown)
        .ToList();

    [Fact]
    public async Task EveryAwsPolicy_ServedThenScanned_IsIdentifiedWithItsSuites()
    {
        var policies = AwsPolicies;
        Assert.True(policies.Count >= 30, $"expected the AWS catalog, found {policies.Count} policies with known contents");
        Assert.True(policies.Count(p => p.IsPostQuantum) >= 13, "expected the post-quantum policies of 2025-09 in the closed loop");
        var failures = new ConcurrentBag<string>();
        using var gate = new SemaphoreSlim(4);
        await Task.WhenAll(policies.Select(async policy =>
        {
            await gate.WaitAsync();
            try { if (await CheckAsync(policy) is { } failure) failures.Add(failure); }
            finally { gate.Release(); }
        }));
        Assert.True(failures.IsEmpty, $"{failures.Count} of {policies.Count} policies failed the closed loop:\n" + string.Join("\n", failures.Order()));
    }

    private static async Task<string?> CheckAsync(ServerPolicy policy)
    {
        await using var server = await new RunningEmulator { Policy = policy, Analyzer = new SimulatorHelloAnalyzer(), HandshakeTimeout = TimeSpan.FromSeconds(5) }.StartAsync();
        var survey = await new ScanSurvey().SurveyAsync("127.0.0.1", server.Port, null, CancellationToken.None);
        if (survey.Observation is not { } observed) return $"{policy.Id}: scan failed: {survey.Failure}";

        var expected = ServerObservation.Expected(policy, [CertificateKind.Rsa]);
        var missing = expected.CipherSuites.Except(observed.CipherSuites).Select(CipherSuites.Describe).ToList();
        var extra = observed.CipherSuites.Except(expected.CipherSuites).Select(CipherSuites.Describe).ToList();
        if (missing.Count > 0 || extra.Count > 0)
            return $"{policy.Id}: scanned suites differ: missing [{string.Join(", ", missing)}] extra [{string.Join(", ", extra)}]";

        var matches = PolicyIdentifier.Identify(observed, PolicyCatalog.All.Where(p => p.Provider == "aws"));
        if (!matches.Any(m => m.Exact && m.Name == policy.Name))
            return $"{policy.Id}: identified as {string.Join(", ", matches.Select(m => $"{m.Name}{(m.Exact ? "" : $" (-{string.Join(",", m.Missing)} +{string.Join(",", m.Extra)})")}"))}";
        var otherKind = matches.Where(m => m.Exact && PolicyCatalog.Get(m.Name) is { } p && p.IsPostQuantum != policy.IsPostQuantum).Select(m => m.Name).ToList();
        if (otherKind.Count > 0)
            return $"{policy.Id}: also identified exactly as {string.Join(", ", otherKind)} ({(policy.IsPostQuantum ? "classical" : "post-quantum")}); scanned groups [{string.Join(", ", (observed.Groups ?? []).Select(Groups.Describe))}]";
        return null;
    }
}
