namespace TlsDoctor.Diagnosis;

/// <summary>A diagnosis report, or why none could be made (the name does not resolve, the endpoint cannot be scanned).</summary>
public sealed record DiagnosisOutcome(DiagnosisReport? Report, string? Failure)
{
    public static DiagnosisOutcome Failed(string failure) => new(null, failure);
}
