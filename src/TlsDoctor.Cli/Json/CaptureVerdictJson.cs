namespace TlsDoctor.Cli.Json;

/// <summary>
/// What the catalog says about one client: with --policy, whether that policy accepts it (and what it would
/// negotiate, or why it refuses); always, how many of the AWS policies accept it, and which.
/// </summary>
public sealed record CaptureVerdictJson(
    string? Policy,
    bool? Accepted,
    string? Version,
    string? CipherSuite,
    string? Reason,
    int AwsAccepted,
    int AwsTotal,
    IReadOnlyList<string>? AcceptedBy);
