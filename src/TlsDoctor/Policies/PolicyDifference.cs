using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Policies;

/// <summary>What changes when moving from policy <see cref="From"/> to policy <see cref="To"/>.</summary>
public sealed record PolicyDifference
{
    public required ServerPolicy From { get; init; }
    public required ServerPolicy To { get; init; }
    public required IReadOnlyList<TlsVersion> ProtocolsAdded { get; init; }
    public required IReadOnlyList<TlsVersion> ProtocolsRemoved { get; init; }

    /// <summary>Suites only in <see cref="To"/>, in its order.</summary>
    public required IReadOnlyList<ushort> SuitesAdded { get; init; }

    /// <summary>Suites only in <see cref="From"/>, in its order.</summary>
    public required IReadOnlyList<ushort> SuitesRemoved { get; init; }

    /// <summary>The suites both share appear in a different relative order.</summary>
    public required bool OrderChanged { get; init; }

    /// <summary>Groups only in <see cref="To"/>; null when either side's groups are not stated.</summary>
    public IReadOnlyList<ushort>? GroupsAdded { get; init; }
    public IReadOnlyList<ushort>? GroupsRemoved { get; init; }

    /// <summary>Unknown facts on either side: the comparison is incomplete where these flags are set.</summary>
    public required PolicyUnknowns Unknown { get; init; }

    public bool IsIdentical => ProtocolsAdded.Count == 0 && ProtocolsRemoved.Count == 0 && SuitesAdded.Count == 0
        && SuitesRemoved.Count == 0 && !OrderChanged && (GroupsAdded?.Count ?? 0) == 0 && (GroupsRemoved?.Count ?? 0) == 0
        && From.ServerOrder == To.ServerOrder;
}
