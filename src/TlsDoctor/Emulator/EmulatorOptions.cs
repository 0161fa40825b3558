using System.Net;
using TlsDoctor.Negotiation;

namespace TlsDoctor.Emulator;

/// <summary>Everything `tlsdoctor serve` needs: the policy to enforce, where to listen, what to serve, where to send traffic.</summary>
public sealed record EmulatorOptions
{
    public required ServerPolicy Policy { get; init; }

    /// <summary>Listening address; loopback by default. Port 0 picks a free port. Null: no listener, only connections handed over (<see cref="TlsEmulator.HandOffAsync"/>).</summary>
    public IPEndPoint? Listen { get; init; } = new(IPAddress.Loopback, 8443);

    /// <summary>One certificate per key type at most; the policy's suites are served for the key types present.</summary>
    public required IReadOnlyList<ServerCertificate> Certificates { get; init; }

    /// <summary>Raw TCP backend for completed handshakes ("host:port"), as a TLS listener of a Network Load Balancer forwards; null answers with a small HTTP response.</summary>
    public DnsEndPoint? Backend { get; init; }

    /// <summary>Connections handled at once; further clients wait in the accept backlog.</summary>
    public int MaxConnections { get; init; } = 512;

    /// <summary>Deadline for the client's hello and the whole handshake.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A connection with no traffic in either direction for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Deadline for connecting to the backend.</summary>
    public TimeSpan BackendConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Decodes hellos and simulates them against the policy for the log; null logs only what the engine saw.</summary>
    public IHelloAnalyzer? Analyzer { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
