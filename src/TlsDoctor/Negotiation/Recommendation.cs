namespace TlsDoctor.Negotiation;

/// <summary>
/// The answer of <see cref="PolicyRecommender"/>: the most secure policy that accepts every client (null when none
/// does), why it is the most secure, what each stricter policy would break, and how to apply it.
/// </summary>
public sealed record Recommendation(
    string LoadBalancer,
    ServerPolicy? Policy,
    IReadOnlyList<string> Why,
    IReadOnlyList<PolicyBreak> Breaks,
    IReadOnlyList<string> Commands,
    IReadOnlyList<ClientVerdict> Outcomes,
    int CandidateCount);
