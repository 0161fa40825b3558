using System.Diagnostics.CodeAnalysis;
using TlsDoctor.Negotiation;

namespace TlsDoctor.Policies;

/// <summary>The result of turning a name or a file path into a policy: exactly one of the two is set.</summary>
public sealed record PolicyResolution
{
    public ServerPolicy? Policy { get; init; }
    public PolicyError? Error { get; init; }

    [MemberNotNullWhen(true, nameof(Policy))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Policy is not null;

    public static PolicyResolution Success(ServerPolicy policy) => new() { Policy = policy };
    public static PolicyResolution Failure(PolicyError error) => new() { Error = error };
}
