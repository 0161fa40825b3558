using TlsDoctor.Clients;
using TlsDoctor.Registry;

namespace TlsDoctor.Cli.Json;

/// <summary>JSON shapes of <c>clients list|show --json</c> (documented in docs/policies.md).</summary>
public static class ClientJson
{
    public sealed record Client(
        string Id, string Name, string Family, string Status, IReadOnlyList<string> Protocols, IReadOnlyList<CodeName> Ciphers,
        IReadOnlyList<CodeName> Groups, IReadOnlyList<CodeName> KeyShares, IReadOnlyList<CodeName> SignatureAlgorithms,
        IReadOnlyList<byte> EcPointFormats, bool Sni, IReadOnlyList<string> Alpn, bool Grease, bool Sslv2Hello,
        string? Notes, string Source);

    public sealed record ClientList(IReadOnlyList<Client> Clients);

    public static Client From(ClientProfile p) => new(
        p.Id, p.Name, p.Family, p.Status.ToString().ToLowerInvariant(),
        p.Offer.Versions.Select(v => v.Name).ToList(),
        p.Offer.CipherSuites.Select(c => new CodeName(Codepoint.Format(c), CipherSuites.Describe(c))).ToList(),
        p.Offer.Groups.Select(g => new CodeName(Codepoint.Format(g), Groups.Describe(g))).ToList(),
        p.Offer.KeyShares.Select(g => new CodeName(Codepoint.Format(g), Groups.Describe(g))).ToList(),
        p.Offer.SignatureAlgorithms.Select(s => new CodeName(Codepoint.Format(s), SignatureSchemes.Describe(s))).ToList(),
        p.Offer.EcPointFormats, p.SendsSni, p.Offer.Alpn, p.UsesGrease, p.SendsSslv2Hello, p.Notes, p.Source);
}
