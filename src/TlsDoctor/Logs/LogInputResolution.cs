using System.Diagnostics.CodeAnalysis;

namespace TlsDoctor.Logs;

/// <summary>The log sources PATH arguments name, or why they cannot be read (one sentence, exit code 2).</summary>
public sealed record LogInputResolution
{
    public IReadOnlyList<LogSource> Sources { get; init; } = [];
    public string? Error { get; init; }

    /// <summary>The failure was AWS's or the network's (S3 unreachable, access denied, no credentials), not the arguments'.</summary>
    public bool IsServiceFailure => AwsKind is not null;

    /// <summary>What kind of AWS failure, as `tlsdoctor aws` classifies them (exit codes: docs/exit-codes.md).</summary>
    public TlsDoctor.Aws.AwsErrorKind? AwsKind { get; init; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static LogInputResolution Success(IReadOnlyList<LogSource> sources) => new() { Sources = sources };
    public static LogInputResolution Failure(string error) => new() { Error = error };
    public static LogInputResolution ServiceFailure(TlsDoctor.Aws.AwsError error) => new() { Error = error.Message, AwsKind = error.Kind };
}
