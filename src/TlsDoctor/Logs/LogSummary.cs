namespace TlsDoctor.Logs;

/// <summary>
/// What a set of load balancer logs says about TLS (docs/logs.md): connections (every logged TLS handshake attempt,
/// failed ones included; plain HTTP/TCP lines left out), failures, and how they split. Dictionaries are ordered:
/// protocols from TLSv1.0 up, the rest by count, largest first.
/// </summary>
public sealed record LogSummary
{
    public required LogScanStats Scan { get; init; }
    public required long Connections { get; init; }
    public required long Failed { get; init; }

    /// <summary>Failed / Connections (0 when there is no connection).</summary>
    public double FailedShare => Connections == 0 ? 0 : (double)Failed / Connections;

    public required IReadOnlyDictionary<string, long> ByProtocol { get; init; }
    public required IReadOnlyDictionary<string, long> ByCipher { get; init; }
    public required IReadOnlyDictionary<string, long> ByKeyExchange { get; init; }

    /// <summary>Connections whose key exchange was a post-quantum hybrid, of those whose key exchange the log names.</summary>
    public required long PostQuantum { get; init; }

    public double PostQuantumShare { get { var known = ByKeyExchange.Values.Sum(); return known == 0 ? 0 : (double)PostQuantum / known; } }

    public required IReadOnlyDictionary<string, long> ByListener { get; init; }

    /// <summary>Failing client IPs, most failures first (all of them).</summary>
    public required IReadOnlyList<ClientCount> FailedByClient { get; init; }

    public required IReadOnlyList<HourCount> FailedByHour { get; init; }

    /// <summary>Failures by SNI host name (NLB, ALB access logs).</summary>
    public required IReadOnlyDictionary<string, long> FailedByServerName { get; init; }

    /// <summary>Failures by the client's alert (NLB incoming_tls_alert, as registry names).</summary>
    public required IReadOnlyDictionary<string, long> FailedByClientAlert { get; init; }

    /// <summary>What the reader decided about the input that a user should know (e.g. access lines used for user agents only).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
