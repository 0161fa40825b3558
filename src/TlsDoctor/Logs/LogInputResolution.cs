using System.Diagnostics.CodeAnalysis;

namespace TlsDoctor.Logs;

/// <summary>The log sources PATH arguments name, or why they cannot be read (one sentence, exit code 2).</summary>
public sealed record LogInputResolution
{
    public IReadOnlyList<LogSource> Sources { get; init; } = [];
    public string? Error { get; init; }

    /// <summary>The failure was the network's or the service's (S3 unreachable, access denied), not the arguments' (exit code 3, not 2).</summary>
    public bool IsServiceFailure { get; init; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static LogInputResolution Success(IReadOnlyList<LogSource> sources) => new() { Sources = sources };
    public static LogInputResolution Failure(string error) => new() { Error = error };
    public static LogInputResolution ServiceFailure(string error) => new() { Error = error, IsServiceFailure = true };
}
