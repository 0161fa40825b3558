using System.Collections.Concurrent;
using System.Net;
using TlsDoctor.Emulator;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.IntegrationTests.Emulator;

/// <summary>An emulator on a free loopback port below the ephemeral range that keeps every connection record, for tests.</summary>
public sealed class RunningEmulator : IAsyncDisposable
{
    private readonly ConcurrentQueue<ConnectionRecord> _records = new();
    private TlsEmulator? _emulator;

    public required ServerPolicy Policy { get; init; }
    public IReadOnlyList<CertificateKind> CertificateKinds { get; init; } = [CertificateKind.Rsa];
    public IReadOnlyList<ServerCertificate>? Certificates { get; init; }
    public DnsEndPoint? Backend { get; init; }
    public IHelloAnalyzer? Analyzer { get; init; }
    /// <summary>Long enough for a handshake on a busy machine; tests of the deadline itself set their own.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TlsEmulator Emulator => _emulator ?? throw new InvalidOperationException("not started");
    public int Port => Emulator.LocalEndPoint.Port;
    public string Address => $"127.0.0.1:{Port}";
    public IReadOnlyList<ConnectionRecord> Records => _records.ToArray();

    public async Task<RunningEmulator> StartAsync()
    {
        var certificates = Certificates ?? CertificateKinds.Select(k => ServerCertificate.Generate(k)).ToList();
        // Below the ephemeral range, as every test server (FreePort); another program may take the port first: try another.
        for (var attempt = 1; ; attempt++)
        {
            var result = await TlsEmulator.StartAsync(new EmulatorOptions
            {
                Policy = Policy,
                Certificates = certificates,
                Listen = new IPEndPoint(IPAddress.Loopback, Servers.FreePort.Next()),
                HandshakeTimeout = HandshakeTimeout,
                IdleTimeout = IdleTimeout,
                Backend = Backend,
                Analyzer = Analyzer,
            }, _records.Enqueue);
            if (result.Emulator is { } emulator) { _emulator = emulator; return this; }
            if (result.Error!.Kind != EmulatorStartErrorKind.ListenFailed || attempt == 3) throw new InvalidOperationException(result.Error.Message);
        }
    }

    /// <summary>Runs a client action and returns the one record it produced (waiting for the log, which comes as the connection ends).</summary>
    public async Task<ConnectionRecord> OneRecordAsync(Func<Task> client)
    {
        var before = _records.Count;
        await client();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
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
