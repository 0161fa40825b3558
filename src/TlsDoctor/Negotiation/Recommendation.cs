namespace TlsDoctor.Negotiation;

/// <summary>
/// The answer of <see cref="PolicyRecommender"/>: the most secure policy that accepts every client (null when none
/// does), why it is the most secure, what each stricter policy would break, and how to apply it; given the current
/// policy, the accepting policy that changes it least.
/// </summary>
public sealed record Recommendation(
    string LoadBalancer,
    ServerPolicy? Policy,
    IReadOnlyList<string> Why,
    IReadOnlyList<PolicyBreak> Breaks,
    IReadOnlyList<string> Commands,
    IReadOnlyList<ClientVerdict> Outcomes,
    int CandidateCount)
{
    /// <summary>The policy the listener has now, when known (given, or identified by a scan).</summary>
    public ServerPolicy? Current { get; init; }

    /// <summary>The accepting policy closest to <see cref="Current"/>; null without a current policy or when none accepts.</summary>
    public LeastChange? LeastChange { get; init; }
}
