using System.Collections.Concurrent;
using System.Net;
using TlsDoctor.Emulator;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.IntegrationTests.Emulator;

/// <summary>An emulator on an ephemeral loopback port that keeps every connection record, for tests.</summary>
public sealed class RunningEmulator : IAsyncDisposable
{
    private readonly ConcurrentQueue<ConnectionRecord> _records = new();
    private TlsEmulator? _emulator;

    public required ServerPolicy Policy { get; init; }
    public IReadOnlyList<CertificateKind> CertificateKinds { get; init; } = [CertificateKind.Rsa];
    public IReadOnlyList<ServerCertificate>? Certificates { get; init; }
    public DnsEndPoint? Backend { get; init; }
    public IHelloAnalyzer? Analyzer { get; init; }
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public TlsEmulator Emulator => _emulator ?? throw new InvalidOperationException("not started");
    public int Port => Emulator.LocalEndPoint.Port;
    public string Address => $"127.0.0.1:{Port}";
    public IReadOnlyList<ConnectionRecord> Records => _records.ToArray();

    public async Task<RunningEmulator> StartAsync()
    {
        var certificates = Certificates ?? CertificateKinds.Select(k => ServerCertificate.Generate(k)).ToList();
        var result = await TlsEmulator.StartAsync(new EmulatorOptions
        {
            Policy = Policy,
            Certificates = certificates,
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            HandshakeTimeout = HandshakeTimeout,
            Backend = Backend,
            Analyzer = Analyzer,
        }, _records.Enqueue);
        _emulator = result.Emulator ?? throw new InvalidOperationException(result.Error!.Message);
        return this;
    }

    /// <summary>Runs a client action and returns the one record it produced (waiting briefly for the log).</summary>
    public async Task<ConnectionRecord> OneRecordAsync(Func<Task> client)
    {
        var before = _records.Count;
        await client();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (_records.Count <= before && DateTime.UtcNow < deadline) await Task.Delay(20);
        var added = _records.Skip(before).ToList();
        Assert.True(added.Count == 1, $"expected one connection record, got {added.Count}: {string.Join("; ", added)}");
        return added[0];
    }

    public ValueTask DisposeAsync() => _emulator?.DisposeAsync() ?? ValueTask.CompletedTask;

    public static ServerPolicy MakePolicy(string name, IEnumerable<TlsVersion> versions, params string[] suites) => new()
    {
        Name = name,
        Provider = "custom",
        Versions = versions.ToList(),
        CipherSuites = suites.Select(s => (CipherSuites.Find(s) ?? throw new ArgumentException($"unknown suite {s}")).Code).ToList(),
    };
}
