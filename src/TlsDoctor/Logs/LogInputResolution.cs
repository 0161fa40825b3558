using System.Diagnostics.CodeAnalysis;

namespace TlsDoctor.Logs;

/// <summary>The log sources PATH arguments name, or why they cannot be read (one sentence, exit code 2).</summary>
public sealed record LogInputResolution
{
    public IReadOnlyList<LogSource> Sources { get; init; } = [];
    public string? Error { get; init; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static LogInputResolution Success(IReadOnlyList<LogSource> sources) => new() { Sources = sources };
    public static LogInputResolution Failure(string error) => new() { Error = error };
}
