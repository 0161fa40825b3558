using TlsDoctor.IntegrationTests.Servers;
using TlsDoctor.Registry;
using TlsDoctor.Scanning;

namespace TlsDoctor.IntegrationTests.Scanning;

/// <summary>Runs scans against local servers and derives ground truth from the servers' own configuration.</summary>
public static class ScanHelper
{
    public static Task<ScanResult> ScanAsync(ServerProcess server, string? sni = "localhost", TimeSpan? timeout = null) =>
        ScanAsync(server.Endpoint, sni, timeout);

    public static async Task<ScanResult> ScanAsync(string endpoint, string? sni = "localhost", TimeSpan? timeout = null)
    {
        Assert.True(ScanTarget.TryParse(endpoint, out var target, out var error, sni: sni), error);
        var engine = new ScanEngine(new ScanOptions { Timeouts = StageTimeouts.Uniform(timeout ?? TimeSpan.FromSeconds(5)) });
        using var global = new SemaphoreSlim(64);
        return await engine.ScanOneAsync(target, global, default);
    }

    /// <summary>A probe is the question a hello asks: versions, suites, groups and signature algorithms offered (random, session id and key share values differ between retries).</summary>
    public static HashSet<string> Probes(IEnumerable<TlsDoctor.Wire.ClientHello> hellos) => hellos.Select(h =>
        $"{h.LegacyVersion:X4} v[{string.Join(',', h.SupportedVersions ?? [])}] c[{string.Join(',', h.CipherSuites)}] " +
        $"g[{string.Join(',', h.SupportedGroups)}] s[{string.Join(',', h.SignatureAlgorithms)}]").ToHashSet();

    public static ushort Code(string name) => CipherSuites.Find(name)?.Code ?? throw new ArgumentException($"unknown suite {name}");
    public static ushort Group(string name) => Groups.Find(name)?.Code ?? throw new ArgumentException($"unknown group {name}");

    /// <summary>The suites an OpenSSL cipher string expands to, in order (`openssl ciphers -V`), as this machine's OpenSSL builds them.</summary>
    public static async Task<IReadOnlyList<ushort>> ExpandAsync(string cipherString)
    {
        var result = await ProcessRunner.RunAsync("openssl", ["ciphers", "-V", cipherString], TimeSpan.FromSeconds(10));
        Assert.Equal(0, result.ExitCode);
        var list = new List<ushort>();
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var hex = line.Split(' ')[0]; // 0xC0,0x2F
            if (Codepoint.TryParse(hex, out var code)) list.Add(code);
        }
        return list;
    }

    /// <summary>TLS ≤ 1.2 suites of <paramref name="expanded"/> that a server with these certificate types can choose at <paramref name="version"/>.</summary>
    public static IReadOnlyList<ushort> Usable(IReadOnlyList<ushort> expanded, TlsVersion version, params string[] certificateKinds) =>
        expanded.Where(c => CipherSuites.Find(c) is { IsTls13: false } s && (s.MinProtocol is not { } min || min <= version)
                            && (CertificateKinds.OfSuite(c) is not { } kind || certificateKinds.Contains(CertificateKinds.KeyType(kind)))).ToList();

    public static ProtocolResult Protocol(ScanResult scan, string name) => scan.Protocols.Single(p => p.Name == name);

    public static IReadOnlyList<ushort> Suites(ScanResult scan, string protocol) => Protocol(scan, protocol).Ciphers.Select(c => c.Value).ToList();

    public static IReadOnlyList<string> Supported(ScanResult scan) => scan.Protocols.Where(p => p.Supported).Select(p => p.Name).ToList();

    public static string Describe(IEnumerable<ushort> codes) => string.Join(", ", codes.Select(CipherSuites.Describe));
}
