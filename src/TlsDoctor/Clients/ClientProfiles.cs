using System.Text.Json;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;
using TlsDoctor.Registry;

namespace TlsDoctor.Clients;

/// <summary>
/// The client profiles, loaded once from the embedded data/clients/*.json and validated (ids unique, versions
/// known, code points well-formed). Invalid embedded data is a build defect and throws on first use.
/// </summary>
public static class ClientProfiles
{
    private const string ResourcePrefix = "data/clients/";
    private static readonly Lazy<(IReadOnlyList<ClientProfile> All, Dictionary<string, ClientProfile> ByKey)> Data = new(Load);

    public static IReadOnlyList<ClientProfile> All => Data.Value.All;

    /// <summary>Current browsers, runtimes and tools: the default set for diagnose and demo.</summary>
    public static IReadOnlyList<ClientProfile> Common => All.Where(p => p.Status == ClientStatus.Common).ToList();

    /// <summary>Clients modern policies are expected to refuse (Java 6/7, Android 4.x, IE, OpenSSL 0.9.8/1.0.x, no TLS 1.2, …).</summary>
    public static IReadOnlyList<ClientProfile> Legacy => All.Where(p => p.Status == ClientStatus.Legacy).ToList();

    /// <summary>Every profile as a ClientOffer (its Name is the profile's display name).</summary>
    public static IReadOnlyList<ClientOffer> Offers => All.Select(p => p.Offer).ToList();

    /// <summary>The families of the profiles ("android", "chrome", "java", …), sorted.</summary>
    public static IReadOnlyList<string> Families => All.Select(c => c.Family).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();

    /// <summary>Profiles matching every set criterion of the filter, in catalog order.</summary>
    public static IReadOnlyList<ClientProfile> Query(ClientFilter filter) => All.Where(filter.Matches).ToList();

    /// <summary>By id or display name, case-insensitive; null when unknown.</summary>
    public static ClientProfile? Get(string idOrName) => Data.Value.ByKey.GetValueOrDefault(idOrName.Trim());

    /// <summary>By id or display name, case-insensitive; unknown names come back with the closest ids.</summary>
    public static ClientLookup Find(string idOrName)
    {
        var key = idOrName.Trim();
        if (Get(key) is { } p) return new ClientLookup { Profile = p, Query = key };
        return new ClientLookup { Query = key, Suggestions = NameSuggestions.Closest(key, All.Select(x => x.Id), 5) };
    }

    private static (IReadOnlyList<ClientProfile>, Dictionary<string, ClientProfile>) Load()
    {
        var list = new List<ClientProfile>();
        var formerIds = new List<(string Alias, ClientProfile Profile)>();
        foreach (var resource in EmbeddedData.Names(ResourcePrefix))
        {
            using var doc = JsonDocument.Parse(EmbeddedData.Bytes(resource));
            if (!doc.RootElement.TryGetProperty("clients", out var clients) || clients.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"{resource}: expected {{\"clients\":[…]}}");
            foreach (var c in clients.EnumerateArray())
            {
                list.Add(Parse(c, resource));
                // Former ids stay valid ("aliases": ["java-80442"] for java-8u442): a renamed id must not break a script.
                if (c.TryGetProperty("aliases", out var aliases) && aliases.ValueKind == JsonValueKind.Array)
                    foreach (var alias in aliases.EnumerateArray())
                        formerIds.Add((alias.GetString() ?? throw new InvalidDataException($"{resource}: an alias must be a string"), list[^1]));
            }
        }
        var byKey = new Dictionary<string, ClientProfile>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in list)
            if (!byKey.TryAdd(p.Id, p)) throw new InvalidDataException($"client id '{p.Id}' appears twice");
        foreach (var (alias, p) in formerIds)
            if (!byKey.TryAdd(alias, p)) throw new InvalidDataException($"client alias '{alias}' is also an id");
        foreach (var p in list) byKey.TryAdd(p.Name, p);
        return (list, byKey);
    }

    private static ClientProfile Parse(JsonElement c, string resource)
    {
        string Req(string name) => c.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
            ? s : throw new InvalidDataException($"{resource}: client without '{name}'");
        var id = Req("id");
        var where = $"{resource} ({id})";
        IReadOnlyList<ushort> Codes(string name)
        {
            if (!c.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return [];
            return v.EnumerateArray().Select(x => Codepoint.TryParse(x.GetString() ?? "", out var code)
                ? code : throw new InvalidDataException($"{where}: bad code point '{x}' in {name}")).ToList();
        }
        bool Flag(string name) => c.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
        string? Opt(string name) => c.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

        var versions = c.GetProperty("protocols").EnumerateArray()
            .Select(x => TlsVersion.TryParse(x.GetString(), out var v) && v.Value.IsKnown ? v.Value : throw new InvalidDataException($"{where}: unknown protocol '{x}'"))
            .Order().ToList();
        if (versions.Count == 0) throw new InvalidDataException($"{where}: no protocol");
        var status = Req("status") switch
        {
            "common" => ClientStatus.Common,
            "dated" => ClientStatus.Dated,
            "legacy" => ClientStatus.Legacy,
            var s => throw new InvalidDataException($"{where}: unknown status '{s}'"),
        };
        var name = Req("name");
        var offer = new ClientOffer
        {
            Name = name,
            Versions = versions,
            CipherSuites = Codes("cipherSuites"),
            Groups = Codes("groups"),
            KeyShares = Codes("keyShares"),
            SignatureAlgorithms = Codes("signatureAlgorithms"),
            EcPointFormats = c.TryGetProperty("ecPointFormats", out var pf) ? pf.EnumerateArray().Select(x => x.GetByte()).ToList() : [],
            Alpn = c.TryGetProperty("alpn", out var alpn) ? alpn.EnumerateArray().Select(x => x.GetString()!).ToList() : [],
        };
        if (offer.CipherSuites.Count == 0) throw new InvalidDataException($"{where}: no cipher suite");
        if (offer.KeyShares.Any(k => !offer.Groups.Contains(k))) throw new InvalidDataException($"{where}: key share for a group not in supported_groups");
        return new ClientProfile
        {
            Id = id,
            Name = name,
            Family = Req("family"),
            Status = status,
            Offer = offer,
            SendsSni = Flag("sni"),
            UsesGrease = Flag("grease"),
            SendsSslv2Hello = Flag("sslv2Hello"),
            Notes = Opt("notes"),
            Source = Req("source"),
            CaptureFile = Opt("captureHex"),
            Ja3 = Opt("ja3"),
            Ja4 = Opt("ja4"),
        };
    }
}
