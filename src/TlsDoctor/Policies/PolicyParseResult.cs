using System.Diagnostics.CodeAnalysis;
using TlsDoctor.Negotiation;

namespace TlsDoctor.Policies;

/// <summary>Policies read from one JSON or text document, or the first error found in it.</summary>
public sealed record PolicyParseResult
{
    public IReadOnlyList<ServerPolicy> Policies { get; init; } = [];
    public PolicyError? Error { get; init; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static PolicyParseResult Success(IReadOnlyList<ServerPolicy> policies) => new() { Policies = policies };
    public static PolicyParseResult Failure(PolicyError error) => new() { Error = error };
}
