namespace TlsDoctor.Negotiation;

/// <summary>A policy stricter than the recommendation and the clients it would refuse.</summary>
public sealed record PolicyBreak(ServerPolicy Policy, IReadOnlyList<ClientVerdict> Refused);
