using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using TlsDoctor.IntegrationTests.Servers;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using Xunit.Abstractions;

namespace TlsDoctor.IntegrationTests.Negotiation;

/// <summary>
/// The simulator's prediction against what a real server does: for every policy OpenSSL can express, one
/// `openssl s_server` per (policy, certificate) configured from the policy, and every client of
/// <see cref="OpenSslClientSpec.All"/> replayed with `openssl s_client`. Success, version, suite and ECDHE group must
/// agree, and failure must be predicted as failure.
/// </summary>
public partial class SimulatorDifferentialTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Simulator_predicts_openssl_s_server_for_every_policy_client_and_certificate()
    {
        var all = DifferentialPolicies.All().Where(OpenSslServerConfig.CanExpress).ToList();
        // Policies that are the same server configuration (aliases, FIPS twins) are run once.
        var policies = all.Select(OpenSslServerConfig.Enforceable)
            .Where(p => p.CipherSuites.Count > 0)
            .DistinctBy(p => string.Join(' ', OpenSslServerConfig.Arguments(p)))
            .ToList();
        Assert.True(policies.Count >= 10, $"only {policies.Count} policies to test");
        var clients = OpenSslClientSpec.All.Where(c => c.IsExpressible).Concat(OpenSslClientSpec.Profiles(16)).ToList();
        var mismatches = new ConcurrentBag<string>();
        var cases = 0;
        var agreed = 0;

        // s_server handles one connection at a time; parallelism comes from running several servers.
        using var gate = new SemaphoreSlim(Math.Max(4, Environment.ProcessorCount));
        var jobs = policies.SelectMany(p => new[] { CertificateKind.Rsa, CertificateKind.Ecdsa }.Select(c => (Policy: p, Certificate: c)))
            .Select(async job =>
            {
                await gate.WaitAsync();
                try
                {
                    await using var server = await OpenSslServer.StartAsync(job.Certificate, [.. OpenSslServerConfig.Arguments(job.Policy)]);
                    foreach (var client in clients)
                    {
                        var actual = await HandshakeAsync(server.Port, client);
                        var predicted = Simulator.Negotiate(client.ToOffer(), job.Policy, job.Certificate);
                        Interlocked.Increment(ref cases);
                        if (predicted.IsAgreed) Interlocked.Increment(ref agreed);
                        if (Mismatch(predicted, actual) is { } why)
                            mismatches.Add($"{job.Policy.Name} / {job.Certificate} / {client.Name}: {why}");
                    }
                }
                finally { gate.Release(); }
            });
        await Task.WhenAll(jobs);

        output.WriteLine($"{cases} (policy, client, certificate) cases over {policies.Count} distinct server configurations ({all.Count} policies), {clients.Count} clients, 2 certificate types; {agreed} handshakes predicted to succeed");
        Assert.True(mismatches.IsEmpty, $"{mismatches.Count} of {cases} predictions differ from openssl s_server:\n" + string.Join('\n', mismatches.Order().Take(60)));
    }

    private sealed record Observed(bool Connected, TlsVersion? Version, ushort? Suite, ushort? Group, string Raw);

    private static async Task<Observed> HandshakeAsync(int port, OpenSslClientSpec client)
    {
        var args = new List<string> { "s_client", "-brief", "-connect", $"127.0.0.1:{port}" };
        args.AddRange(client.Arguments());
        var result = await ProcessRunner.RunAsync("openssl", args, TimeSpan.FromSeconds(10), standardInput: "");
        var text = result.Output;
        if (text.Contains("SSL_CONF_cmd") || text.Contains("no cipher match") || result.TimedOut)
            throw new InvalidOperationException($"s_client could not run {client.Name}: {text}");
        if (!text.Contains("CONNECTION ESTABLISHED")) return new Observed(false, null, null, null, text);
        var version = ProtocolLine().Match(text) is { Success: true } v && TlsVersion.TryParse(v.Groups[1].Value, out var tv) ? tv : null;
        var suite = SuiteLine().Match(text) is { Success: true } s ? CipherSuites.Find(s.Groups[1].Value)?.Code : null;
        ushort? group = null;
        if (TempKeyLine().Match(text) is { Success: true } k)
        {
            // "X25519, 253 bits", "ECDH, prime256v1, 256 bits", "DH, 2048 bits" (finite-field: no named group in TLS 1.2)
            var parts = k.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries);
            group = parts[0] switch
            {
                "ECDH" when parts.Length > 1 => Groups.Find(parts[1])?.Code,
                "DH" => null,
                _ => Groups.Find(parts[0])?.Code,
            };
        }
        return new Observed(true, version, suite, group, text);
    }

    private static string? Mismatch(NegotiationOutcome predicted, Observed actual)
    {
        switch (predicted)
        {
            case NegotiationOutcome.Agreed a when !actual.Connected:
                return $"predicted {a.Version} {CipherSuites.Describe(a.Suite)}, server refused: {FirstError(actual.Raw)}";
            case NegotiationOutcome.Refused r when actual.Connected:
                return $"predicted {r.Reason.Code()} ({r.Explanation}), server agreed {actual.Version} {(actual.Suite is { } s ? CipherSuites.Describe(s) : "?")}";
            case NegotiationOutcome.Agreed a:
                if (a.Version != actual.Version || a.Suite != actual.Suite)
                    return $"predicted {a.Version} {CipherSuites.Describe(a.Suite)}, server chose {actual.Version} {(actual.Suite is { } s2 ? CipherSuites.Describe(s2) : "?")}";
                if (a.Group is { } g && actual.Group is { } ag && g != ag)
                    return $"predicted group {Groups.Describe(g)}, server used {Groups.Describe(ag)}";
                return null;
            default:
                return null;
        }
    }

    private static string FirstError(string raw) => raw.Split('\n').FirstOrDefault(l => l.Contains("error") || l.Contains("alert"))?.Trim() ?? raw.Trim();

    [GeneratedRegex(@"Protocol version: (\S+)")] private static partial Regex ProtocolLine();
    [GeneratedRegex(@"Ciphersuite: (\S+)")] private static partial Regex SuiteLine();
    [GeneratedRegex(@"Server Temp Key: ([^\r\n]+)")] private static partial Regex TempKeyLine();
}
