using TlsDoctor.Negotiation;
using TlsDoctor.Policies;
using TlsDoctor.Registry;

namespace TlsDoctor.Cli.Json;

/// <summary>JSON shapes of <c>policies list|show|diff|export --json</c> (documented in docs/policies.md).</summary>
public static class PolicyJson
{
    public sealed record Cipher(string Code, string? Iana, string? Openssl, string? Protocol);

    public sealed record Policy(
        string Id, string Name, string Provider, string? Scope, string? Category, IReadOnlyList<string> LoadBalancers,
        IReadOnlyList<string> Protocols, IReadOnlyList<Cipher> Ciphers, IReadOnlyList<CodeName>? Groups,
        IReadOnlyList<CodeName>? ImplementationGroups, bool ServerOrder, bool Fips, bool PostQuantum, string? Default,
        string Confidence, IReadOnlyList<string> Unknown, IReadOnlyList<string> Aliases, string? AliasOf,
        string? ClassicalCounterpart, string? Notes, IReadOnlyList<string> Sources);

    public sealed record PolicyList(IReadOnlyList<Policy> Policies);

    public sealed record Diff(
        string From, string To, bool Identical, IReadOnlyList<string> ProtocolsAdded, IReadOnlyList<string> ProtocolsRemoved,
        IReadOnlyList<Cipher> CiphersAdded, IReadOnlyList<Cipher> CiphersRemoved, bool OrderChanged,
        IReadOnlyList<CodeName>? GroupsAdded, IReadOnlyList<CodeName>? GroupsRemoved, bool ServerOrderChanged,
        IReadOnlyList<string> Unknown);

    public sealed record Export(string Policy, string Format, string Text, IReadOnlyList<string> Warnings);

    public static Cipher ToCipher(ushort code)
    {
        var s = CipherSuites.Find(code);
        return new Cipher(Codepoint.Format(code), s?.IanaName, s?.OpenSslName, s?.MinProtocol?.Name);
    }

    public static CodeName ToGroup(ushort code) => new(Codepoint.Format(code), Groups.Describe(code));

    public static IReadOnlyList<string> UnknownNames(PolicyUnknowns u) =>
        Enum.GetValues<PolicyUnknowns>().Where(f => f != PolicyUnknowns.None && u.HasFlag(f))
            .Select(f => char.ToLowerInvariant(f.ToString()[0]) + f.ToString()[1..]).ToList();

    public static Policy From(ServerPolicy p) => new(
        p.Id, p.Name, p.Provider, p.Scope, p.Category, p.LoadBalancers,
        p.Versions.Select(v => v.Name).ToList(),
        p.CipherSuites.Select(ToCipher).ToList(),
        p.Groups?.Select(ToGroup).ToList(),
        p.ImplementationGroups?.Select(ToGroup).ToList(),
        p.ServerOrder, p.IsFips, p.IsPostQuantum, p.DefaultNote,
        p.Confidence.ToString().ToLowerInvariant(), UnknownNames(p.Unknown), p.Aliases, p.AliasOf,
        p.ClassicalCounterpart, p.Notes, p.Sources);

    public static Diff From(PolicyDifference d) => new(
        d.From.Id, d.To.Id, d.IsIdentical,
        d.ProtocolsAdded.Select(v => v.Name).ToList(), d.ProtocolsRemoved.Select(v => v.Name).ToList(),
        d.SuitesAdded.Select(ToCipher).ToList(), d.SuitesRemoved.Select(ToCipher).ToList(), d.OrderChanged,
        d.GroupsAdded?.Select(ToGroup).ToList(), d.GroupsRemoved?.Select(ToGroup).ToList(),
        d.From.ServerOrder != d.To.ServerOrder, UnknownNames(d.Unknown));
}
