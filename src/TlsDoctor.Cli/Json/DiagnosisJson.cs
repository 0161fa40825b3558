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
    IReadOnlyList<string> Notes)
{
    /// <summary>diagnose --listener: the listener (ARN, or NAME:PORT for Classic) whose AWS policy was used.</summary>
    public string? Listener { get; init; }

    /// <summary>diagnose --listener with a scan: whether the scan matches the AWS policy, and the differences (-missing, +extra).</summary>
    public bool? ScanAgreesWithPolicy { get; init; }
    public IReadOnlyList<string>? ScanDifferences { get; init; }

    /// <summary>diagnose --logs: the what-if of the recommended (else the current) policy over the logs, as `logs what-if --json` writes it.</summary>
    public Commands.LogsJson.WhatIf? Logs { get; init; }
}
