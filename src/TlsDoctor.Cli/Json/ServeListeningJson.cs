namespace TlsDoctor.Cli.Json;

/// <summary>`serve --json`: the first line (event "listening"): where, which policy, and what the engine serves.</summary>
public sealed record ServeListeningJson(
    string Event,
    string Address,
    int Port,
    string Policy,
    IReadOnlyList<string> Protocols,
    IReadOnlyList<CodeName> Ciphers,
    IReadOnlyList<CodeName> HelloOnlyCiphers,
    IReadOnlyList<CodeName> CiphersWithoutCertificate,
    IReadOnlyList<CodeName> Groups,
    IReadOnlyList<ServeCertificateJson> Certificates,
    string? Backend);
