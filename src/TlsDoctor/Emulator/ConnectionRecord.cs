using TlsDoctor.Registry;

namespace TlsDoctor.Emulator;

/// <summary>
/// One line of the connection log. Fields follow the order of ALB connection logs where they apply
/// (time, client ip:port, listener port, TLS protocol, TLS cipher, handshake latency, outcome), then the
/// failure reason and its explanation computed from the client's actual hello.
/// </summary>
public sealed record ConnectionRecord
{
    public required DateTimeOffset Time { get; init; }
    public required string ClientIp { get; init; }
    public required int ClientPort { get; init; }
    public required int ListenerPort { get; init; }
    public TlsVersion? Protocol { get; init; }
    public ushort? Suite { get; init; }

    /// <summary>From the first byte of the ClientHello to the end of the handshake (or to the failure).</summary>
    public TimeSpan? HandshakeLatency { get; init; }

    public required ConnectionOutcome Outcome { get; init; }

    /// <summary>The simulator's reason code for refusals, or "client-alert:NAME", "timeout", "not-tls", … .</summary>
    public string? Reason { get; init; }
    public string? Explanation { get; init; }

    /// <summary>The TLS alert sent (refusals) or received (client alerts), by RFC 8446 name.</summary>
    public string? Alert { get; init; }

    public string? ClientSummary { get; init; }
    public string? ServerName { get; init; }
    public long BytesIn { get; init; }
    public long BytesOut { get; init; }
}
