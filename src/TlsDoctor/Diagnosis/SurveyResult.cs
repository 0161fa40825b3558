using TlsDoctor.Negotiation;

namespace TlsDoctor.Diagnosis;

/// <summary>A scan's observation, or why there is none (unreachable, not TLS, …).</summary>
public sealed record SurveyResult(ServerObservation? Observation, string? Failure, IReadOnlyList<string> Notes)
{
    /// <summary>Answers of the endpoint that no client accepts (see Scanning.ScanResult.ProtocolViolations).</summary>
    public IReadOnlyList<string> ProtocolViolations { get; init; } = [];
}
