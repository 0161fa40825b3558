using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Policies;

/// <summary>
/// Every predefined policy TlsDoctor knows (AWS ELB, CloudFront, API Gateway, Google Cloud, Azure, Mozilla),
/// loaded once from the embedded data/policies/*.json and validated: every name resolves in the registries,
/// order is kept, version ranges fit the suites, ids are unique, aliases match their targets.
/// Invalid embedded data is a build defect and throws <see cref="InvalidDataException"/> on first use.
/// </summary>
public static class PolicyCatalog
{
    private const string ResourcePrefix = "data/policies/";
    private static readonly Lazy<Catalog> Data = new(Load);

    /// <summary>All policies in data order (files by name, entries as listed).</summary>
    public static IReadOnlyList<ServerPolicy> All => Data.Value.Policies;

    /// <summary>
    /// How many policies of how many providers the catalog holds, and the latest "checked" date of its files (the day
    /// their entries were last compared with their sources, data/SOURCES.md; null when no file carries one). Read from
    /// the files' outline alone, without resolving a suite: `tlsdoctor --version` prints it, and the whole catalog
    /// would cost that command most of its start-up. Equals what <see cref="All"/> gives (PolicyCatalogTests).
    /// </summary>
    public static CatalogSummary Summary => LazySummary.Value;

    private static readonly Lazy<CatalogSummary> LazySummary = new(ReadSummary);

    private static CatalogSummary ReadSummary()
    {
        var count = 0;
        var providers = new List<string>();
        string? latest = null;
        foreach (var resource in EmbeddedData.Names(ResourcePrefix))
        {
            var reader = new System.Text.Json.Utf8JsonReader(EmbeddedData.Utf8(resource).Span);
            var inPolicies = false;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case System.Text.Json.JsonTokenType.PropertyName when reader.CurrentDepth == 1:
                        inPolicies = reader.ValueTextEquals("policies");
                        if (reader.ValueTextEquals("checked") && reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.String
                            && reader.GetString() is { } date && string.CompareOrdinal(date, latest) > 0)
                            latest = date;
                        break;
                    case System.Text.Json.JsonTokenType.StartObject when inPolicies && reader.CurrentDepth == 2:
                        count++;
                        break;
                    case System.Text.Json.JsonTokenType.PropertyName when inPolicies && reader.CurrentDepth == 3 && reader.ValueTextEquals("provider"):
                        if (reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.String && reader.GetString() is { } provider
                            && !providers.Contains(provider))
                            providers.Add(provider);
                        break;
                }
            }
        }
        return new CatalogSummary(count, providers, latest);
    }

    /// <summary>Every name and id the catalog answers to.</summary>
    public static IEnumerable<string> AllNames => Data.Value.Policies.SelectMany(p => new[] { p.Name, p.Id }).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>Providers in the catalog ("aws", "cloudfront", …).</summary>
    public static IReadOnlyList<string> Providers => Data.Value.Policies.Select(p => p.Provider).Distinct().ToList();

    /// <summary>The policy with this id, or the only policy with this name (case-insensitive); null otherwise.</summary>
    public static ServerPolicy? Get(string nameOrId) => Find(nameOrId).Policy;

    /// <summary>
    /// Looks a catalog policy up by id or name, case-insensitively. When a name means several policies,
    /// <paramref name="loadBalancer"/> ("ALB", "NLB", "CLB") picks among them; otherwise the entry without a
    /// scope is meant, and without one the result is <see cref="PolicyError.Ambiguous"/> (API Gateway's TLS_1_2).
    /// Unknown names give the closest names.
    /// </summary>
    public static PolicyResolution Find(string nameOrId, string? loadBalancer = null)
    {
        var key = nameOrId.Trim();
        var data = Data.Value;
        if (data.ByName.TryGetValue(key, out var named))
        {
            var candidates = named;
            if (candidates.Count > 1 && loadBalancer is not null)
            {
                var filtered = candidates.Where(p => p.LoadBalancers.Contains(loadBalancer, StringComparer.OrdinalIgnoreCase)).ToList();
                if (filtered.Count > 0) candidates = filtered;
            }
            if (candidates.Count == 1) return PolicyResolution.Success(candidates[0]);
            // The unscoped entry is the one the name means by default (ALB/NLB ELBSecurityPolicy-2015-05).
            if (candidates.SingleOrDefault(p => p.Scope is null) is { } primary) return PolicyResolution.Success(primary);
            return PolicyResolution.Failure(new PolicyError.Ambiguous(key, candidates.Select(p => p.Id).ToList()));
        }
        if (data.ById.TryGetValue(key, out var exact)) return PolicyResolution.Success(exact);
        return PolicyResolution.Failure(new PolicyError.UnknownName(key, NameSuggestions.Closest(key, AllNames, 5)));
    }

    /// <summary>
    /// A catalog name or id, or the path of a policy file in any format <see cref="PolicyDocument"/> reads
    /// (a Classic Load Balancer custom policy among them). Anything that exists as a file, or looks like a
    /// path (contains a directory separator or ends in .json/.txt), is read as a file.
    /// </summary>
    public static PolicyResolution Resolve(string nameOrPath, string? loadBalancer = null)
    {
        if (LooksLikePath(nameOrPath))
        {
            var parsed = PolicyDocument.ReadFile(nameOrPath);
            if (!parsed.IsSuccess) return PolicyResolution.Failure(parsed.Error);
            return parsed.Policies.Count switch
            {
                1 => PolicyResolution.Success(parsed.Policies[0]),
                0 => PolicyResolution.Failure(new PolicyError.InvalidFile(nameOrPath, "no policy in the file")),
                _ => PolicyResolution.Failure(new PolicyError.InvalidFile(nameOrPath,
                    $"holds {parsed.Policies.Count} policies ({string.Join(", ", parsed.Policies.Select(p => p.Name))}); keep one per file")),
            };
        }
        return Find(nameOrPath, loadBalancer);
    }

    /// <summary>
    /// The policy the provider's console selects for a new listener of <paramref name="loadBalancer"/> ("ALB", "NLB"), as
    /// the catalog's <c>consoleDefaults</c> names it (data/SOURCES.md); null for a type without one.
    /// </summary>
    public static ServerPolicy? ConsoleDefault(string loadBalancer) =>
        Data.Value.ConsoleDefaults.GetValueOrDefault(loadBalancer.ToUpperInvariant());

    /// <summary>Policies matching every set criterion of the filter, in catalog order.</summary>
    public static IReadOnlyList<ServerPolicy> Query(PolicyFilter filter) => All.Where(filter.Matches).ToList();

    private static bool LooksLikePath(string s) =>
        File.Exists(s) || s.Contains('/') || s.Contains(Path.DirectorySeparatorChar)
        || s.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || s.EndsWith(".txt", StringComparison.OrdinalIgnoreCase);

    private sealed record Catalog(
        IReadOnlyList<ServerPolicy> Policies,
        Dictionary<string, ServerPolicy> ById,
        Dictionary<string, IReadOnlyList<ServerPolicy>> ByName)
    {
        public IReadOnlyDictionary<string, ServerPolicy> ConsoleDefaults { get; init; } = new Dictionary<string, ServerPolicy>();
    }

    private static Catalog Load()
    {
        var policies = new List<ServerPolicy>();
        var consoleDefaults = new List<(string Resource, string LoadBalancer, string Name)>();
        foreach (var resource in EmbeddedData.Names(ResourcePrefix))
        {
            // One parse of the file's UTF-8 bytes serves its policies and its console defaults.
            using var document = System.Text.Json.JsonDocument.Parse(EmbeddedData.Utf8(resource), PolicyDocument.JsonOptions);
            var parsed = PolicyDocument.ParseJson(document.RootElement, resource, Path.GetFileNameWithoutExtension(resource), defaultProvider: "");
            if (!parsed.IsSuccess) throw new InvalidDataException(parsed.Error.Message);
            foreach (var p in parsed.Policies)
                if (p.Provider.Length == 0) throw new InvalidDataException($"{resource} ({p.Name}): no provider");
            policies.AddRange(parsed.Policies);
            if (document.RootElement.TryGetProperty("consoleDefaults", out var defaults))
                foreach (var d in defaults.EnumerateObject())
                    consoleDefaults.Add((resource, d.Name, d.Value.GetString() ?? throw new InvalidDataException($"{resource}: consoleDefaults.{d.Name} is not a name")));
        }
        var catalog = Index(policies);
        var byType = new Dictionary<string, ServerPolicy>(StringComparer.OrdinalIgnoreCase);
        foreach (var (resource, lb, name) in consoleDefaults)
        {
            var policy = catalog.ByName.GetValueOrDefault(name)?.FirstOrDefault(p => p.LoadBalancers.Contains(lb))
                ?? throw new InvalidDataException($"{resource}: consoleDefaults.{lb} names {name}, which is no {lb} policy of the catalog");
            if (!byType.TryAdd(lb, policy)) throw new InvalidDataException($"{resource}: a second console default for {lb}");
        }
        return catalog with { ConsoleDefaults = byType };
    }

    /// <summary>Assigns ids, checks uniqueness and aliases, and links alias names both ways.</summary>
    private static Catalog Index(List<ServerPolicy> loaded)
    {
        var nameCounts = loaded.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        var policies = loaded.Select(p => nameCounts[p.Name] > 1
            ? p.Scope is null ? p : p with { Id = $"{p.Name}@{p.Scope}" }
            : p).ToList();

        var byId = new Dictionary<string, ServerPolicy>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in policies)
        {
            if (!byId.TryAdd(p.Id, p))
                throw new InvalidDataException($"policy id '{p.Id}' appears twice; give one entry a distinct 'scope'");
            if (nameCounts[p.Name] > 1 && string.IsNullOrWhiteSpace(p.Notes))
                throw new InvalidDataException($"policy '{p.Id}' shares its name with another entry but has no note explaining why");
        }

        for (var i = 0; i < policies.Count; i++)
        {
            var p = policies[i];
            if (p.AliasOf is null) continue;
            var target = policies.FirstOrDefault(t => t.Name.Equals(p.AliasOf, StringComparison.OrdinalIgnoreCase)
                                                     && t.AliasOf is null && t.LoadBalancers.Intersect(p.LoadBalancers).Any())
                         ?? throw new InvalidDataException($"policy '{p.Id}' is an alias of unknown policy '{p.AliasOf}'");
            if (!target.Versions.SequenceEqual(p.Versions) || !target.CipherSuites.SequenceEqual(p.CipherSuites))
                throw new InvalidDataException($"alias '{p.Id}' differs from '{target.Id}' in protocols or suites");
            var targetIndex = policies.IndexOf(target);
            policies[targetIndex] = target with { Aliases = [.. target.Aliases, p.Name] };
            policies[i] = p with { Aliases = [.. p.Aliases, target.Name] };
        }

        byId = policies.ToDictionary(p => p.Id, StringComparer.OrdinalIgnoreCase);
        var byName = policies.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ServerPolicy>)g.ToList(), StringComparer.OrdinalIgnoreCase);
        return new Catalog(policies, byId, byName);
    }
}
