namespace TlsDoctor.Logs;

/// <summary>One candidate policy of a what-if recommendation and what it would put at risk.</summary>
public sealed record PolicyRisk(string Policy, long AtRisk, long AtRiskClients, double AtRiskShare);
