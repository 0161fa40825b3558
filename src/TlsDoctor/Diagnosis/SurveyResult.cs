using TlsDoctor.Negotiation;
using TlsDoctor.Scanning;

namespace TlsDoctor.Diagnosis;

/// <summary>A scan's observation, or why there is none (unreachable, not TLS, …).</summary>
/// <see cref="Cause"/> is the scan's failure, when the scan failed.
public sealed record SurveyResult(ServerObservation? Observation, string? Failure, IReadOnlyList<string> Notes, ProbeFailure? Cause = null)
{
    /// <summary>The scan the observation was folded from, when the survey was a scan (reports show it in full).</summary>
    public Scanning.ScanResult? Scan { get; init; }

    /// <summary>Answers of the endpoint that no client accepts (see Scanning.ScanResult.ProtocolViolations).</summary>
    public IReadOnlyList<string> ProtocolViolations { get; init; } = [];
}
