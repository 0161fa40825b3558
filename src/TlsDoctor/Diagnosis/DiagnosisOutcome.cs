using TlsDoctor.Scanning;

namespace TlsDoctor.Diagnosis;

/// <summary>
/// A diagnosis report, or why none could be made (the name does not resolve, the endpoint cannot be scanned);
/// <see cref="Cause"/> is the network failure behind it, when there is one.
/// </summary>
public sealed record DiagnosisOutcome(DiagnosisReport? Report, string? Failure, ProbeFailure? Cause = null)
{
    public static DiagnosisOutcome Failed(string failure, ProbeFailure? cause = null) => new(null, failure, cause);
}
