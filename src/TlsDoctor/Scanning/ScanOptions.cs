namespace TlsDoctor.Scanning;

/// <summary>How to scan: deadlines, concurrency and what to send as server_name.</summary>
public sealed record ScanOptions
{
    public StageTimeouts Timeouts { get; init; } = StageTimeouts.Default;

    /// <summary>Connections open at once across all endpoints.</summary>
    public int Concurrency { get; init; } = 64;

    /// <summary>Connections open at once to one endpoint.</summary>
    public int PerEndpointConcurrency { get; init; } = 8;

    /// <summary>Also fetch certificates with a full handshake when no TLS ≤ 1.2 handshake revealed them.</summary>
    public bool Certificates { get; init; } = true;

    /// <summary>Enumerate every signature scheme accepted per protocol and certificate type (costs n + 1 handshakes per chain).</summary>
    public bool SignatureAlgorithms { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>When set, one line per probe (timing, offer, answer) for diagnosing slow scans.</summary>
    public TextWriter? Trace { get; init; }
}
