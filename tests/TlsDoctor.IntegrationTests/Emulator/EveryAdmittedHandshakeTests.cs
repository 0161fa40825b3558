using TlsDoctor.IntegrationTests.Servers;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;
using TlsDoctor.Registry;

namespace TlsDoctor.IntegrationTests.Emulator;

/// <summary>
/// Every (protocol, suite, certificate type) that a catalog policy admits, as the simulator decides it, completes a full
/// handshake between the emulator serving that policy and a real `openssl s_client` (its Finished verified, so the
/// ServerKeyExchange signature and the key schedule are right, not only the hello). Each distinct combination is tried
/// once, against the first catalog policy that admits it, one emulator per (policy, certificate type).
/// </summary>
public class EveryAdmittedHandshakeTests
{
    private static readonly (TlsVersion Version, string Flag)[] Protocols =
        [(TlsVersion.Tls10, "-tls1"), (TlsVersion.Tls11, "-tls1_1"), (TlsVersion.Tls12, "-tls1_2"), (TlsVersion.Tls13, "-tls1_3")];

    /// <summary>The groups OpenSSL 3's s_client offers by default (x25519, P-256, x448, P-521, P-384).</summary>
    private static readonly ushort[] OpenSslGroups = [0x001D, 0x0017, 0x001E, 0x0019, 0x0018];

    private sealed record Combination(TlsVersion Version, string Flag, CipherSuite Suite, CertificateKind Kind);

    private static async Task<IReadOnlySet<string>> OpenSslKnowsAsync()
    {
        var list = await ProcessRunner.RunAsync("openssl", ["ciphers", "ALL:COMPLEMENTOFALL:@SECLEVEL=0"], TimeSpan.FromSeconds(30));
        var tls13 = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_CCM_SHA256:TLS_AES_128_CCM_8_SHA256";
        return list.StandardOutput.Trim().Split(':').Concat(tls13.Split(':')).ToHashSet();
    }

    [Fact]
    public async Task Every_combination_a_policy_admits_completes_with_openssl()
    {
        var known = await OpenSslKnowsAsync();
        var covered = new HashSet<(TlsVersion, ushort, CertificateKind)>();
        var plan = new List<(ServerPolicy Policy, CertificateKind Kind, List<Combination> Combinations)>();
        foreach (var policy in PolicyCatalog.All.Where(p => SecurityProfile.Of(p).IsKnown).DistinctBy(p => p.Id))
            foreach (var kind in new[] { CertificateKind.Rsa, CertificateKind.Ecdsa })
            {
                var mine = new List<Combination>();
                foreach (var (version, flag) in Protocols.Where(p => policy.Versions.Contains(p.Version)))
                    foreach (var suite in policy.CipherSuites.Select(CipherSuites.Find).OfType<CipherSuite>())
                    {
                        if (suite.OpenSslName is not { } name || !known.Contains(name) || covered.Contains((version, suite.Code, kind))) continue;
                        var offer = InlineClientOffer.Create("openssl", [version], [suite.Code], OpenSslGroups);
                        if (!Simulator.Negotiate(offer, policy, [kind]).IsAgreed) continue;
                        covered.Add((version, suite.Code, kind));
                        mine.Add(new Combination(version, flag, suite, kind));
                    }
                if (mine.Count > 0) plan.Add((policy, kind, mine));
            }
        // The case that once failed: an ECDSA certificate at TLS 1.0/1.1 signs SHA-1 alone (RFC 4492 5.4).
        Assert.Contains((TlsVersion.Tls11, CipherSuites.Find("ECDHE-ECDSA-AES128-SHA")!.Code, CertificateKind.Ecdsa), covered);
        Assert.Contains((TlsVersion.Tls10, CipherSuites.Find("ECDHE-ECDSA-AES128-SHA")!.Code, CertificateKind.Ecdsa), covered);

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        foreach (var (policy, kind, combinations) in plan)
        {
            await using var server = await new RunningEmulator { Policy = policy, CertificateKinds = [kind], HandshakeTimeout = TimeSpan.FromSeconds(30) }.StartAsync();
            using var gate = new SemaphoreSlim(4);
            await Task.WhenAll(combinations.Select(async c =>
            {
                await gate.WaitAsync();
                try
                {
                    var name = c.Suite.OpenSslName!;
                    string[] select = c.Version == TlsVersion.Tls13 ? ["-ciphersuites", name] : ["-cipher", name + ":@SECLEVEL=0"];
                    var result = await ProcessRunner.RunAsync("openssl",
                        ["s_client", "-connect", server.Address, "-servername", "localhost", c.Flag, .. select], TimeSpan.FromSeconds(60), standardInput: "");
                    // What s_client prints once the handshake completed: at TLS 1.3 its "New, TLSv1.3, Cipher is …" line; before it,
                    // the session summary ("Protocol  : TLSv1" for 1.0), since that line names the suite's first protocol instead.
                    var completed = c.Version == TlsVersion.Tls13
                        ? result.Output.Contains($"New, TLSv1.3, Cipher is {name}\n", StringComparison.Ordinal)
                        : result.Output.Contains($"Protocol  : {(c.Version == TlsVersion.Tls10 ? "TLSv1" : c.Version.Name)}\n", StringComparison.Ordinal)
                          && result.Output.Contains($"Cipher    : {name}\n", StringComparison.Ordinal);
                    if (!completed)
                        failures.Add($"{policy.Name} {kind} {c.Version.Name} {name}: {FirstError(result.Output)}");
                }
                finally { gate.Release(); }
            }));
        }
        Assert.True(failures.IsEmpty, $"{failures.Count} of {covered.Count} handshakes failed:\n" + string.Join("\n", failures.Order()));
    }

    private static string FirstError(string output)
    {
        var lines = output.Split('\n').Select(l => l.Trim()).ToList();
        return string.Join(" | ", lines.Where(l => l.Contains(":error:", StringComparison.Ordinal) || l.Contains("Cipher is", StringComparison.Ordinal)).DefaultIfEmpty("no handshake"));
    }
}
