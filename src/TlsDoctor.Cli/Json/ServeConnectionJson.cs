namespace TlsDoctor.Cli.Json;

/// <summary>`serve --json`: one connection (event "connection"); field order follows ALB connection logs.</summary>
public sealed record ServeConnectionJson(
    string Event,
    string Time,
    string Client,
    int ListenerPort,
    string? Protocol,
    CodeName? Cipher,
    string? CipherOpenssl,
    double? HandshakeLatencyMs,
    string Outcome,
    string? Reason,
    string? Explanation,
    string? Alert,
    string? ServerName,
    string? ClientOffer,
    long BytesIn,
    long BytesOut);
