using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using TlsDoctor.Clients;
using TlsDoctor.IntegrationTests.Servers;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using TlsDoctor.Wire;
using Xunit.Abstractions;

namespace TlsDoctor.IntegrationTests.Negotiation;

/// <summary>
/// The simulator's prediction against what a real server does. For every AWS policy OpenSSL can enforce, one
/// `openssl s_server` per (policy, certificate type), configured from the catalog's export of the policy (<see cref="OpenSslServerConfig"/>),
/// then clients replayed two ways: the project's own raw ClientHello for every client profile and every synthetic
/// client, and `openssl s_client` for the synthetic clients and the profiles it can express. Success, version,
/// suite, TLS 1.3 group and HelloRetryRequest (raw), ECDHE group (s_client), and the refusing alert (raw) must agree.
/// </summary>
public partial class SimulatorDifferentialTests(ITestOutputHelper output)
{
    private static readonly CertificateKind[] Certificates = [CertificateKind.Rsa, CertificateKind.Ecdsa];

    /// <summary>Policies that are the same server configuration (aliases, FIPS twins) are run once.</summary>
    private static (List<ServerPolicy> Configs, int PolicyCount) Configurations()
    {
        var all = DifferentialPolicies.All().Where(OpenSslServerConfig.CanExpress).ToList();
        var configs = all.Select(OpenSslServerConfig.Enforceable)
            .Where(p => p.CipherSuites.Count > 0 && OpenSslServerConfig.CanExport(p))
            .DistinctBy(p => string.Join(' ', OpenSslServerConfig.Arguments(p)))
            .ToList();
        Assert.True(configs.Count >= 20, $"only {configs.Count} server configurations to test");
        return (configs, all.Count);
    }

    private static async Task<(int Cases, int Agreed, List<string> Mismatches)> RunAsync<TClient>(
        IReadOnlyList<ServerPolicy> configs, Func<int, IReadOnlyList<TClient>> clientsFor,
        Func<ServerProcess, TClient, ServerPolicy, CertificateKind, Task<string?>> check, int parallel)
    {
        var mismatches = new ConcurrentBag<string>();
        var cases = 0;
        var agreed = 0;
        using var gate = new SemaphoreSlim(parallel);
        var jobs = configs.SelectMany((p, i) => Certificates.Select(c => (Policy: p, Index: i, Certificate: c))).Select(async job =>
        {
            await gate.WaitAsync();
            try
            {
                await using var server = await OpenSslServer.StartAsync(job.Certificate, [.. OpenSslServerConfig.Arguments(job.Policy)]);
                foreach (var client in clientsFor(job.Index))
                {
                    var why = await check(server, client, job.Policy, job.Certificate);
                    Interlocked.Increment(ref cases);
                    if (why is null) continue;
                    if (why.Length == 0) { Interlocked.Increment(ref agreed); continue; }
                    mismatches.Add($"{job.Policy.Name} / {job.Certificate} / {why}");
                }
            }
            finally { gate.Release(); }
        });
        await Task.WhenAll(jobs);
        return (cases, agreed, mismatches.Order().ToList());
    }

    [Fact]
    public async Task Simulator_predicts_openssl_s_server_for_raw_hellos_of_every_profile()
    {
        var (configs, policyCount) = Configurations();
        var offers = OpenSslClientSpec.All.Select(c => c.ToOffer())
            .Concat(ClientProfiles.All.Select(p => p.Offer with { Name = "profile " + p.Id }))
            .Where(o => o.Versions.Any(v => v >= TlsVersion.SSLv3 && v.IsKnown))
            // Profiles whose hellos carry the same negotiation inputs are one case.
            .DistinctBy(o => string.Join('|', string.Join(',', o.Versions), string.Join(',', o.CipherSuites), string.Join(',', o.Groups),
                string.Join(',', o.KeyShares), string.Join(',', o.SignatureAlgorithms), string.Join(',', o.EcPointFormats)))
            .ToList();
        var (cases, agreed, mismatches) = await RunAsync(configs, _ => offers, async (server, offer, policy, certificate) =>
        {
            var predicted = Simulator.Negotiate(offer, policy, certificate);
            var actual = await RawHelloProbe.SendAsync(server.Port, offer, TimeSpan.FromSeconds(10));
            var why = RawMismatch(offer, predicted, actual);
            return why is null ? (predicted.IsAgreed ? "" : null) : $"{offer.Name}: {why}";
        }, parallel: 4);
        output.WriteLine($"raw ClientHello: {cases} (policy, client, certificate) cases over {configs.Count} distinct server configurations ({policyCount} policies), {offers.Count} clients, 2 certificate types; {agreed} agreed");
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {cases} predictions differ from openssl s_server:\n" + string.Join('\n', mismatches.Take(60)));
    }

    [Fact]
    public async Task Simulator_predicts_openssl_s_server_for_openssl_s_client()
    {
        var (configs, policyCount) = Configurations();
        var clients = OpenSslClientSpec.All.Where(c => c.IsExpressible).Concat(OpenSslClientSpec.Profiles(16)).ToList();
        // Each s_client run costs an OpenSSL process (~30 ms of CPU, 100 ms of wall time), so every configuration gets a
        // rotating eighth of the clients and every client meets several policies; the raw-hello test covers all pairs.
        IReadOnlyList<OpenSslClientSpec> ClientsFor(int index) => clients.Where((_, i) => (i + index) % 8 == 0).ToList();
        var (cases, agreed, mismatches) = await RunAsync(configs, ClientsFor, async (server, client, policy, certificate) =>
        {
            var predicted = Simulator.Negotiate(client.ToOffer(), policy, certificate);
            var actual = await HandshakeAsync(server.Port, client);
            var why = ClientMismatch(predicted, actual);
            return why is null ? (predicted.IsAgreed ? "" : null) : $"{client.Name}: {why}";
        }, parallel: 4);
        output.WriteLine($"openssl s_client: {cases} (policy, client, certificate) cases over {configs.Count} distinct server configurations ({policyCount} policies), {clients.Count} clients, 2 certificate types; {agreed} agreed");
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {cases} predictions differ from openssl s_server:\n" + string.Join('\n', mismatches.Take(60)));
    }

    private static string? RawMismatch(ClientOffer offer, NegotiationOutcome predicted, RawAnswer actual)
    {
        switch (predicted)
        {
            case NegotiationOutcome.Agreed a when !actual.Agreed:
                return $"predicted {a.Version} {CipherSuites.Describe(a.Suite)}, server refused: {actual.Failure} {(actual.Alert is { } al ? AlertDescriptions.Describe(al) : "")}";
            case NegotiationOutcome.Refused r when actual.Agreed:
                return $"predicted {r.Reason.Code()} ({r.Explanation}), server agreed {actual.Hello!.SelectedVersion} {CipherSuites.Describe(actual.Hello.CipherSuite)}";
            // This OpenSSL is built without SSL 3.0 and answers an SSLv3-only hello with handshake_failure instead of
            // the protocol_version RFC 5246 E.1 asks for (and s2n-tls sends); that alert is not compared.
            case NegotiationOutcome.Refused { Reason: RefusalReason.NoSharedProtocol } when offer.MaxVersion == TlsVersion.SSLv3:
                return null;
            case NegotiationOutcome.Refused r:
                return actual.Alert is { } alert && alert != r.ExpectedAlert
                    ? $"predicted {r.Reason.Code()} with alert {AlertDescriptions.Describe(r.ExpectedAlert)}, server sent {AlertDescriptions.Describe(alert)}"
                    : null;
            case NegotiationOutcome.Agreed a:
                var hello = actual.Hello!;
                if (a.Version != hello.SelectedVersion || a.Suite != hello.CipherSuite)
                    return $"predicted {a.Version} {CipherSuites.Describe(a.Suite)}, server chose {hello.SelectedVersion} {CipherSuites.Describe(hello.CipherSuite)}";
                if (a.Version == TlsVersion.Tls13 && (a.ViaRetry != hello.IsHelloRetryRequest || a.Group != hello.SelectedGroup))
                    return $"predicted group {(a.Group is { } g ? Groups.Describe(g) : "-")}{(a.ViaRetry ? " via HelloRetryRequest" : "")}, server chose {(hello.SelectedGroup is { } sg ? Groups.Describe(sg) : "-")}{(hello.IsHelloRetryRequest ? " via HelloRetryRequest" : "")}";
                return null;
        }
        return null;
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

    private static string? ClientMismatch(NegotiationOutcome predicted, Observed actual)
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
