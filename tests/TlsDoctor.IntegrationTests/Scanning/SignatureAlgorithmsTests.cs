using TlsDoctor.IntegrationTests.Servers;
using TlsDoctor.Registry;
using TlsDoctor.Scanning;

namespace TlsDoctor.IntegrationTests.Scanning;

/// <summary>
/// scan --sigalgs against openssl s_server holding an RSA and an ECDSA certificate. Ground truth: the server's -sigalgs list
/// intersected with what each key can sign (RFC 5246 / RFC 8446 rules), and, independently, one `openssl s_client -sigalgs X`
/// handshake per registry scheme and protocol (a handshake that completes offering only X means the server signed with X).
/// </summary>
public class SignatureAlgorithmsTests
{
    private static Task<ScanResult> ScanWithSignatureAlgorithmsAsync(ServerProcess server) => ScanWithSignatureAlgorithmsAsync(server.Endpoint);

    private static async Task<ScanResult> ScanWithSignatureAlgorithmsAsync(string endpoint)
    {
        Assert.True(ScanTarget.TryParse(endpoint, out var target, out var error, sni: "localhost"), error);
        var engine = new ScanEngine(new ScanOptions { Timeouts = StageTimeouts.Uniform(TimeSpan.FromSeconds(5)), SignatureAlgorithms = true });
        using var global = new SemaphoreSlim(64);
        return await engine.ScanOneAsync(target, global, default);
    }

    /// <summary>The spelling `openssl -sigalgs` accepts: IANA names for TLS 1.3-style schemes, SIG+HASH for TLS 1.2 pairs.</summary>
    private static string OpenSslName(SignatureScheme s) =>
        s.Name.StartsWith("rsa_pss", StringComparison.Ordinal) || s.Name.StartsWith("ecdsa_secp", StringComparison.Ordinal) || s.Name.Contains("brainpool")
            ? s.Name
            : s.Tls12Signature is { } sig && s.Tls12Hash is { } hash ? $"{sig.ToUpperInvariant()}+{hash.ToUpperInvariant()}" : s.Name;

    /// <summary>Schemes of <paramref name="kind"/> with which a real client completes a handshake offering only that scheme.</summary>
    private static async Task<IReadOnlySet<string>> OpenSslAcceptedAsync(ServerProcess server, string protocolFlag, string kind)
    {
        using var gate = new SemaphoreSlim(4);
        var schemes = SignatureSchemes.All.Where(s => s.KeyType == kind).ToList();
        var results = await Task.WhenAll(schemes.Select(async s =>
        {
            await gate.WaitAsync();
            try
            {
                // Ephemeral suites only, so that TLS 1.2 signs a ServerKeyExchange; the client's own security level must not filter.
                var r = await ProcessRunner.RunAsync("openssl", ["s_client", "-connect", server.Endpoint, "-servername", "localhost", protocolFlag,
                    "-sigalgs", OpenSslName(s), "-cipher", "ECDHE:DHE:@SECLEVEL=0"], TimeSpan.FromSeconds(10), standardInput: "");
                return r.Output.Contains("Cipher is ") && !r.Output.Contains("Cipher is (NONE)") && r.Output.Contains("Peer signature type") ? s.Name : null;
            }
            finally { gate.Release(); }
        }));
        return results.OfType<string>().ToHashSet();
    }

    private static IReadOnlySet<string> Accepted(ScanResult scan, string protocol, string certificate)
    {
        var entry = Assert.Single(scan.SignatureAlgorithmsAccepted!, a => a.Protocol == protocol && a.Certificate == certificate);
        Assert.Null(entry.Note);
        Assert.Equal(entry.Schemes.Count, entry.Schemes.Distinct().Count());
        return entry.Schemes.ToHashSet();
    }

    [Fact]
    public async Task Configured_sigalgs_are_enumerated_per_protocol_and_certificate()
    {
        const string configured = "rsa_pss_rsae_sha384:ecdsa_secp256r1_sha256:rsa_pkcs1_sha256:ed25519:rsa_pss_rsae_sha512:ecdsa_secp384r1_sha384";
        await using var server = await OpenSslServer.StartAsync([TestCertificates.Rsa, TestCertificates.Ecdsa],
            "-no_ssl3", "-no_tls1", "-no_tls1_1", "-sigalgs", configured);
        var scan = await ScanWithSignatureAlgorithmsAsync(server);
        Assert.Equal(["TLSv1.2", "TLSv1.3"], ScanHelper.Supported(scan));
        Assert.Equal(4, scan.SignatureAlgorithmsAccepted!.Count);

        // The configured list, restricted to what each key signs: TLS 1.2 pairs any hash with the key (RFC 5246 7.4.1.4.1),
        // TLS 1.3 has no PKCS#1 v1.5 in CertificateVerify and binds ECDSA to the key's curve, P-256 here (RFC 8446 4.2.3).
        var list = configured.Split(':');
        Assert.Equal(list.Where(n => n.StartsWith("rsa_", StringComparison.Ordinal)).ToHashSet(), Accepted(scan, "TLSv1.2", "RSA"));
        Assert.Equal(list.Where(n => n.StartsWith("ecdsa_", StringComparison.Ordinal)).ToHashSet(), Accepted(scan, "TLSv1.2", "ECDSA"));
        Assert.Equal(list.Where(n => n.StartsWith("rsa_pss_rsae", StringComparison.Ordinal)).ToHashSet(), Accepted(scan, "TLSv1.3", "RSA"));
        Assert.Equal(new HashSet<string> { "ecdsa_secp256r1_sha256" }, Accepted(scan, "TLSv1.3", "ECDSA"));

        // The same through a real client, one handshake per scheme.
        foreach (var (protocol, flag) in new[] { ("TLSv1.2", "-tls1_2"), ("TLSv1.3", "-tls1_3") })
            foreach (var kind in new[] { "rsa", "ecdsa" })
                Assert.Equal(await OpenSslAcceptedAsync(server, flag, kind), Accepted(scan, protocol, kind.ToUpperInvariant()));
        // signatureAlgorithms keeps its meaning: the schemes seen signing ServerKeyExchange, all of them accepted.
        Assert.NotEmpty(scan.SignatureAlgorithms);
        Assert.All(scan.SignatureAlgorithms, s => Assert.Contains(s, list));
    }

    [Fact]
    public async Task Openssl_default_sigalgs_equal_what_a_real_client_can_use()
    {
        await using var server = await OpenSslServer.StartAsync([TestCertificates.Rsa, TestCertificates.Ecdsa], "-no_ssl3", "-no_tls1", "-no_tls1_1");
        var scan = await ScanWithSignatureAlgorithmsAsync(server);
        foreach (var (protocol, flag) in new[] { ("TLSv1.2", "-tls1_2"), ("TLSv1.3", "-tls1_3") })
            foreach (var kind in new[] { "rsa", "ecdsa" })
            {
                var truth = await OpenSslAcceptedAsync(server, flag, kind);
                Assert.NotEmpty(truth);
                Assert.Equal(truth, Accepted(scan, protocol, kind.ToUpperInvariant()));
            }
    }

    [Fact]
    public async Task Tls12_only_rsa_server_costs_one_handshake_per_scheme_plus_one_and_nothing_without_the_flag()
    {
        await using var server = await OpenSslServer.StartAsync(TlsDoctor.Negotiation.CertificateKind.Rsa, "-tls1_2", "-serverpref",
            "-cipher", "ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA", "-sigalgs", "rsa_pss_rsae_sha256:rsa_pkcs1_sha384");
        // Through a forwarder that reads every hello: the cost is counted in distinct probes (a retry on a busy machine
        // repeats a hello, it is not a new question), not in connections.
        using var forwarder = new CountingForwarder(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, server.Port));
        var endpoint = $"127.0.0.1:{forwarder.Port}";
        var plain = await ScanHelper.ScanAsync(endpoint);
        Assert.Null(plain.SignatureAlgorithmsAccepted);
        var plainProbes = ScanHelper.Probes(forwarder.Hellos);
        var scan = await ScanWithSignatureAlgorithmsAsync(endpoint);
        var entry = Assert.Single(scan.SignatureAlgorithmsAccepted!);
        Assert.Equal(("TLSv1.2", "RSA"), (entry.Protocol, entry.Certificate));
        Assert.Equal(new HashSet<string> { "rsa_pss_rsae_sha256", "rsa_pkcs1_sha384" }, entry.Schemes.ToHashSet());
        Assert.Equal(await OpenSslAcceptedAsync(server, "-tls1_2", "rsa"), entry.Schemes.ToHashSet());
        // Offer-and-remove: one hello per accepted scheme, then the one the server refuses; nothing else is new.
        var added = ScanHelper.Probes(forwarder.Hellos).Except(plainProbes).ToList();
        Assert.Equal(entry.Schemes.Count + 1, added.Count);

        // The CLI: the JSON field only with --sigalgs, in the documented shape; the text output lists it.
        static string Run(params string[] args)
        {
            var stdout = new StringWriter();
            Assert.Equal(0, TlsDoctor.Cli.CommandLineApp.Run(args, stdout, new StringWriter()));
            return stdout.ToString();
        }
        using (var without = System.Text.Json.JsonDocument.Parse(Run("scan", server.Endpoint, "--sni", "localhost", "--json")))
            Assert.False(without.RootElement.TryGetProperty("signatureAlgorithmsAccepted", out _));
        using (var with = System.Text.Json.JsonDocument.Parse(Run("scan", server.Endpoint, "--sni", "localhost", "--json", "--sigalgs")))
        {
            var item = Assert.Single(with.RootElement.GetProperty("signatureAlgorithmsAccepted").EnumerateArray());
            Assert.Equal("TLSv1.2", item.GetProperty("protocol").GetString());
            Assert.Equal("RSA", item.GetProperty("certificate").GetString());
            Assert.Equal(entry.Schemes.ToHashSet(), item.GetProperty("schemes").EnumerateArray().Select(e => e.GetString()!).ToHashSet());
            Assert.False(item.TryGetProperty("note", out _));
        }
        var text = Run("scan", server.Endpoint, "--sni", "localhost", "--sigalgs");
        Assert.Contains("Signature algorithms accepted", text);
        Assert.Contains("rsa_pkcs1_sha384", text);
    }
}
