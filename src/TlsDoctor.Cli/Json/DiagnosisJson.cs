namespace TlsDoctor.Cli.Json;

/// <summary>`diagnose --json`: the endpoint, its policy and where it comes from, each client's result, and the fix.</summary>
public sealed record DiagnosisJson(
    string Target,
    string Address,
    string Policy,
    string PolicySource,
    IReadOnlyList<string> IdenticalPolicies,
    IReadOnlyList<string> Certificates,
    IReadOnlyList<DiagnosisClientJson> Clients,
    DiagnosisFixJson? Fix,
    IReadOnlyList<string> Notes);
