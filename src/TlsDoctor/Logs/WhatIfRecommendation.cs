using TlsDoctor.Negotiation;

namespace TlsDoctor.Logs;

/// <summary>
/// `logs what-if --lb`: the most secure policy of the load-balancer type that puts no more than the tolerated share
/// of the logged connections at risk, the candidates tried (most secure first) and the AWS CLI commands to apply it.
/// </summary>
public sealed record WhatIfRecommendation
{
    public required string LoadBalancer { get; init; }
    public required double Tolerance { get; init; }
    public required ServerPolicy? Policy { get; init; }

    /// <summary>The chosen policy's what-if (without user-agent confirmation).</summary>
    public required WhatIfResult? Impact { get; init; }

    public required IReadOnlyList<PolicyRisk> Candidates { get; init; }
    public required IReadOnlyList<string> Commands { get; init; }
    public required LogScanStats Scan { get; init; }
}
