using TlsDoctor.Negotiation;

namespace TlsDoctor.Policies;

/// <summary>Compares two policies: protocols and suites added or removed, order changes, groups.</summary>
public static class PolicyDiff
{
    public static PolicyDifference Compare(ServerPolicy from, ServerPolicy to)
    {
        var shared = from.CipherSuites.Where(to.CipherSuites.Contains).ToList();
        var sharedInTo = to.CipherSuites.Where(from.CipherSuites.Contains).ToList();
        var bothGroups = from.Groups is not null && to.Groups is not null;
        return new PolicyDifference
        {
            From = from,
            To = to,
            ProtocolsAdded = to.Versions.Except(from.Versions).Order().ToList(),
            ProtocolsRemoved = from.Versions.Except(to.Versions).Order().ToList(),
            SuitesAdded = to.CipherSuites.Except(from.CipherSuites).ToList(),
            SuitesRemoved = from.CipherSuites.Except(to.CipherSuites).ToList(),
            OrderChanged = !shared.SequenceEqual(sharedInTo),
            GroupsAdded = bothGroups ? to.Groups!.Except(from.Groups!).ToList() : null,
            GroupsRemoved = bothGroups ? from.Groups!.Except(to.Groups!).ToList() : null,
            Unknown = from.Unknown | to.Unknown,
        };
    }
}
