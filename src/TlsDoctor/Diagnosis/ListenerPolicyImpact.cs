using TlsDoctor.Negotiation;

namespace TlsDoctor.Diagnosis;

/// <summary>
/// What changing a listener from <see cref="Current"/> to <see cref="New"/> does to the clients considered: those the
/// current policy admits and the new one refuses (<see cref="Breaks"/>, each with the new policy's refusal), and those
/// the current one refuses and the new one admits (<see cref="Fixes"/>, each with the current policy's refusal).
/// <see cref="Current"/> is null when the listener's policy contents are unknown; then nothing can be said to break.
/// </summary>
public sealed record ListenerPolicyImpact(
    ServerPolicy? Current,
    ServerPolicy New,
    IReadOnlyList<ClientVerdict> Breaks,
    IReadOnlyList<ClientVerdict> Fixes,
    int ClientCount)
{
    /// <summary>set-policy --logs: the new policy's what-if over the connections the logs show (Logs.LogWhatIf); null without logs.</summary>
    public TlsDoctor.Logs.WhatIfResult? Logs { get; init; }
}
