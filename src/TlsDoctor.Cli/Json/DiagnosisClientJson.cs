namespace TlsDoctor.Cli.Json;

/// <summary>One client in `diagnose --json`: outcome "agreed"/"refused", the reason code and explanation, what the endpoint answered, and the policy that would admit it.</summary>
public sealed record DiagnosisClientJson(
    string Client,
    string Outcome,
    string? Protocol,
    CodeName? Cipher,
    string? Reason,
    string? Explanation,
    string Answer,
    bool PredictionConfirmed,
    string? AdmittedBy);
