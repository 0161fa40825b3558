namespace TlsDoctor.Negotiation;

/// <summary>One client's outcome against one policy, as recommend and the matrix report it.</summary>
public sealed record ClientVerdict(string Client, string Policy, NegotiationOutcome Outcome);
