using System.Text.Json;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Policies;

/// <summary>
/// Reads policies from the formats an operator has at hand, validating every fact on the way:
/// <list type="bullet">
/// <item>the catalog schema (data/policies/*.json): <c>{"policies":[{…}]}</c> or a single policy object;</item>
/// <item>the output of <c>aws elb describe-load-balancer-policies</c> (a Classic Load Balancer custom policy);</item>
/// <item>the output of <c>aws elbv2 describe-ssl-policies</c> (what <c>policies export --format aws-json</c> writes);</item>
/// <item>a simple list: a JSON array of strings, or text with one protocol or suite per line (commas and
/// colons also separate; <c>#</c> starts a comment; <c>Protocol-TLSv1.2</c> and <c>Server-Defined-Cipher-Order</c>
/// are accepted as the CLB attribute names).</item>
/// </list>
/// Suite and group names are IANA or OpenSSL names (or hex code points) resolved through the registries.
/// </summary>
public static class PolicyDocument
{
    private static readonly string[] KnownLoadBalancers = ["ALB", "NLB", "CLB"];

    /// <summary>Parses a document. <paramref name="origin"/> names it in errors; <paramref name="fallbackName"/> names a policy that carries no name of its own.</summary>
    public static PolicyParseResult Parse(string text, string origin, string fallbackName, string defaultProvider = "custom")
    {
        var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 32 });
            }
            catch (JsonException e)
            {
                return Fail(origin, $"not valid JSON ({FirstLine(e.Message)})");
            }
            using (doc) return ParseJson(doc.RootElement, origin, fallbackName, defaultProvider);
        }
        return ParseList(SplitList(text), origin, fallbackName);
    }

    /// <summary>Reads and parses a file (bounded in size); I/O problems become <see cref="PolicyError.InvalidFile"/>.</summary>
    public static PolicyParseResult ReadFile(string path)
    {
        try
        {
            var read = BoundedInput.Read(path, InputKind.Policy);
            if (!read.IsSuccess) return PolicyParseResult.Failure(new PolicyError.InvalidFile(path, read.Error!));
            var text = read.Text;
            var result = Parse(text, path, Path.GetFileNameWithoutExtension(path));
            if (result.Error is PolicyError.InvalidData d)
                return PolicyParseResult.Failure(new PolicyError.InvalidFile(path, d.Reason));
            return result with { Policies = result.Policies.Select(p => p.Sources.Count == 0 ? p with { Sources = [Path.GetFullPath(path)] } : p).ToList() };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return PolicyParseResult.Failure(new PolicyError.InvalidFile(path, e.Message));
        }
    }

    private static PolicyParseResult ParseJson(JsonElement root, string origin, string fallbackName, string defaultProvider)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            var items = new List<string>();
            foreach (var e in root.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.String) return Fail(origin, "a JSON array policy must hold only strings (protocols and suite names)");
                items.Add(e.GetString()!);
            }
            return ParseList(items, origin, fallbackName);
        }
        if (root.ValueKind != JsonValueKind.Object) return Fail(origin, "expected a JSON object or array");
        if (root.TryGetProperty("PolicyDescriptions", out var descriptions)) return ParseClbDescriptions(descriptions, origin);
        if (root.TryGetProperty("SslPolicies", out var sslPolicies)) return ParseElbv2Policies(sslPolicies, origin);
        if (root.TryGetProperty("policies", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array) return Fail(origin, "'policies' must be an array");
            var result = new List<ServerPolicy>();
            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                var one = ParseEntry(item, $"{origin} policies[{index++}]", fallbackName, defaultProvider);
                if (!one.IsSuccess) return one;
                result.AddRange(one.Policies);
            }
            return PolicyParseResult.Success(result);
        }
        if (root.TryGetProperty("name", out _) || root.TryGetProperty("protocols", out _))
            return ParseEntry(root, origin, fallbackName, defaultProvider);
        return Fail(origin, "unrecognised JSON: expected {\"policies\":[…]}, a policy object, 'aws elb describe-load-balancer-policies' or 'aws elbv2 describe-ssl-policies' output, or an array of protocol and suite names");
    }

    // ---- catalog schema -------------------------------------------------------------------------

    private static PolicyParseResult ParseEntry(JsonElement e, string origin, string fallbackName, string defaultProvider)
    {
        if (e.ValueKind != JsonValueKind.Object) return Fail(origin, "a policy must be a JSON object");
        var name = Str(e, "name") ?? fallbackName;
        if (string.IsNullOrWhiteSpace(name)) return Fail(origin, "policy without a name");
        var where = $"{origin} ({name})";
        var unknown = PolicyUnknowns.None;

        if (!TryStrings(e, "loadBalancers", out var lbs, out var err)) return Fail(where, err);
        foreach (var lb in lbs ?? [])
            if (!KnownLoadBalancers.Contains(lb)) return Fail(where, $"unknown load-balancer type '{lb}' (expected ALB, NLB or CLB)");

        if (!TryStrings(e, "protocols", out var protocolNames, out err)) return Fail(where, err);
        var versions = new List<TlsVersion>();
        if (protocolNames is null) unknown |= PolicyUnknowns.Protocols;
        else
            foreach (var p in protocolNames)
            {
                if (!TlsVersion.TryParse(p, out var v) || !v.Value.IsKnown) return Fail(where, $"unknown protocol '{p}'");
                if (versions.Contains(v.Value)) return Fail(where, $"protocol '{p}' listed twice");
                versions.Add(v.Value);
            }

        if (!TryStrings(e, "tls13Ciphers", out var tls13Names, out err)) return Fail(where, err);
        if (!TryStrings(e, "ciphers", out var cipherNames, out err)) return Fail(where, err);
        if (tls13Names is null) unknown |= PolicyUnknowns.Tls13CipherSuites;
        if (cipherNames is null) unknown |= PolicyUnknowns.Tls12CipherSuites;
        if (Bool(e, "ciphersOrdered") == false) unknown |= PolicyUnknowns.CipherOrder;

        var suites = new List<ushort>();
        foreach (var n in tls13Names ?? [])
        {
            if (ResolveSuite(n, where, out var s) is { } bad) return bad;
            if (!s.IsTls13) return Fail(where, $"'{n}' is listed as a TLS 1.3 suite but is not one");
            if (suites.Contains(s.Code)) return Fail(where, $"suite '{n}' listed twice");
            suites.Add(s.Code);
        }
        foreach (var n in cipherNames ?? [])
        {
            if (ResolveSuite(n, where, out var s) is { } bad) return bad;
            if (s.IsTls13) return Fail(where, $"'{n}' is a TLS 1.3 suite; list it under tls13Ciphers");
            if (s.IsSignalling) return Fail(where, $"'{n}' is a signalling value, not a suite a server can choose");
            if (suites.Contains(s.Code)) return Fail(where, $"suite '{n}' listed twice");
            suites.Add(s.Code);
        }

        if (!TryStrings(e, "groups", out var groupNames, out err)) return Fail(where, err);
        if (ResolveGroups(groupNames, where, out var groups) is { } badGroup) return badGroup;
        if (groupNames is null || Bool(e, "groupsComplete") == false) unknown |= PolicyUnknowns.Groups;
        if (!TryStrings(e, "implementationGroups", out var implNames, out err)) return Fail(where, err);
        if (ResolveGroups(implNames, where, out var implementationGroups) is { } badImpl) return badImpl;
        if (!TryStrings(e, "sources", out var sources, out err)) return Fail(where, err);

        var confidence = PolicyConfidence.High;
        if (Str(e, "confidence") is { } c && !Enum.TryParse(c, ignoreCase: true, out confidence))
            return Fail(where, $"unknown confidence '{c}' (high, medium, low)");

        var policy = new ServerPolicy
        {
            Name = name,
            Provider = Str(e, "provider") ?? defaultProvider,
            Scope = Str(e, "scope"),
            LoadBalancers = lbs ?? [],
            Category = Str(e, "category"),
            Versions = versions.Order().ToList(),
            CipherSuites = suites,
            Groups = groups,
            ImplementationGroups = implementationGroups,
            ServerOrder = Bool(e, "serverOrder") ?? true,
            IsFips = Bool(e, "fips") ?? false,
            IsPostQuantum = Bool(e, "postQuantum") ?? false,
            DefaultNote = Str(e, "default"),
            AliasOf = Str(e, "aliasOf"),
            ClassicalCounterpart = Str(e, "classicalCounterpart"),
            Confidence = confidence,
            Unknown = unknown,
            Notes = Str(e, "notes") is { Length: > 0 } notes ? notes : null,
            Sources = sources ?? [],
        };
        return Coherent(policy, where) is { } incoherent ? incoherent : PolicyParseResult.Success([policy]);
    }

    /// <summary>Version range and suites must fit together; a policy that cannot negotiate anything it lists is a data error.</summary>
    internal static PolicyParseResult? Coherent(ServerPolicy p, string where)
    {
        var hasTls13 = p.Versions.Contains(TlsVersion.Tls13);
        var maxClassic = p.Versions.Where(v => v < TlsVersion.Tls13).DefaultIfEmpty(TlsVersion.SSLv2).Max();
        var has13Suites = p.CipherSuites.Any(IsTls13Suite);
        var hasClassicSuites = p.CipherSuites.Any(c => !IsTls13Suite(c));
        if (p.Unknown.HasFlag(PolicyUnknowns.Protocols)) return null;
        if (p.Versions.Count == 0) return Fail(where, "no protocol enabled");
        if (has13Suites && !hasTls13) return Fail(where, "TLS 1.3 suites listed but TLSv1.3 is not enabled");
        if (hasTls13 && !has13Suites && !p.Unknown.HasFlag(PolicyUnknowns.Tls13CipherSuites)) return Fail(where, "TLSv1.3 enabled without any TLS 1.3 suite");
        if (maxClassic > TlsVersion.SSLv2 && !hasClassicSuites && !p.Unknown.HasFlag(PolicyUnknowns.Tls12CipherSuites))
            return Fail(where, $"{maxClassic.Name} enabled without any TLS 1.0–1.2 suite");
        if (hasClassicSuites && maxClassic == TlsVersion.SSLv2) return Fail(where, "TLS 1.0–1.2 suites listed but no such protocol is enabled");
        foreach (var code in p.CipherSuites.Where(c => !IsTls13Suite(c)))
            if (CipherSuites.Find(code)?.MinProtocol is { } min && min > maxClassic)
                return Fail(where, $"{CipherSuites.Describe(code)} needs {min.Name} or later, which the policy does not enable");
        return null;
    }

    private static bool IsTls13Suite(ushort code) => CipherSuites.Find(code)?.IsTls13 == true;

    // ---- AWS CLI outputs ------------------------------------------------------------------------

    private static PolicyParseResult ParseClbDescriptions(JsonElement descriptions, string origin)
    {
        if (descriptions.ValueKind != JsonValueKind.Array) return Fail(origin, "'PolicyDescriptions' must be an array");
        var negotiation = descriptions.EnumerateArray()
            .Where(d => d.ValueKind == JsonValueKind.Object && (Str(d, "PolicyTypeName") ?? "SSLNegotiationPolicyType") == "SSLNegotiationPolicyType")
            .ToList();
        if (negotiation.Count == 0) return Fail(origin, "no SSLNegotiationPolicyType policy in 'PolicyDescriptions'");
        var result = new List<ServerPolicy>();
        foreach (var d in negotiation)
        {
            var name = Str(d, "PolicyName") ?? "custom";
            var where = $"{origin} ({name})";
            if (!d.TryGetProperty("PolicyAttributeDescriptions", out var attributes) || attributes.ValueKind != JsonValueKind.Array)
                return Fail(where, "missing 'PolicyAttributeDescriptions'");
            var items = new List<string>();
            string? reference = null;
            foreach (var a in attributes.EnumerateArray())
            {
                var key = Str(a, "AttributeName");
                var value = Str(a, "AttributeValue");
                if (key is null) return Fail(where, "attribute without 'AttributeName'");
                if (key == "Reference-Security-Policy") { reference = value; continue; }
                if (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase)) items.Add(key);
                else if (!string.Equals(value, "false", StringComparison.OrdinalIgnoreCase))
                    return Fail(where, $"attribute '{key}' has value '{value}' (expected true or false)");
            }
            if (items.Count == 0 && reference is not null)
            {
                var referenced = PolicyCatalog.Find(reference, "CLB");
                if (!referenced.IsSuccess) return Fail(where, $"Reference-Security-Policy: {referenced.Error.Message}");
                result.Add(referenced.Policy with
                {
                    Name = name, Provider = "custom", Scope = null, Id = name, DefaultNote = null, AliasOf = null, Aliases = [],
                    Notes = $"Classic Load Balancer policy that references {reference}.",
                });
                continue;
            }
            var parsed = ParseList(items, where, name, clbAttributes: true);
            if (!parsed.IsSuccess) return parsed;
            result.AddRange(parsed.Policies.Select(p => p with
            {
                LoadBalancers = ["CLB"],
                Notes = reference is null ? p.Notes : $"{p.Notes} References {reference}.",
            }));
        }
        return PolicyParseResult.Success(result);
    }

    private static PolicyParseResult ParseElbv2Policies(JsonElement policies, string origin)
    {
        if (policies.ValueKind != JsonValueKind.Array) return Fail(origin, "'SslPolicies' must be an array");
        var result = new List<ServerPolicy>();
        foreach (var p in policies.EnumerateArray())
        {
            var name = Str(p, "Name") ?? "custom";
            var where = $"{origin} ({name})";
            if (!TryStrings(p, "SslProtocols", out var protocols, out var err)) return Fail(where, err);
            if (!p.TryGetProperty("Ciphers", out var ciphers) || ciphers.ValueKind != JsonValueKind.Array) return Fail(where, "missing 'Ciphers'");
            var ordered = new List<(int Priority, string Name)>();
            foreach (var c in ciphers.EnumerateArray())
            {
                var cipherName = Str(c, "Name");
                if (cipherName is null) return Fail(where, "cipher without 'Name'");
                var priority = c.TryGetProperty("Priority", out var pr) && pr.TryGetInt32(out var n) ? n : ordered.Count + 1;
                ordered.Add((priority, cipherName));
            }
            var items = (protocols ?? []).Concat(ordered.OrderBy(x => x.Priority).Select(x => x.Name)).ToList();
            var parsed = ParseList(items, where, name);
            if (!parsed.IsSuccess) return parsed;
            var lbs = new List<string>();
            if (TryStrings(p, "SupportedLoadBalancerTypes", out var types, out _) && types is not null)
                foreach (var t in types)
                    lbs.Add(t.ToLowerInvariant() switch { "application" => "ALB", "network" => "NLB", "classic" => "CLB", _ => t });
            if (lbs.Any(lb => !KnownLoadBalancers.Contains(lb))) return Fail(where, $"unknown load-balancer type in {string.Join(", ", types!)}");
            result.AddRange(parsed.Policies.Select(x => x with { LoadBalancers = lbs }));
        }
        return PolicyParseResult.Success(result);
    }

    // ---- simple lists ---------------------------------------------------------------------------

    private static IReadOnlyList<string> SplitList(string text) =>
        text.Split('\n')
            .Select(line => line.Contains('#') ? line[..line.IndexOf('#')] : line)
            .SelectMany(line => line.Split([',', ':', ' ', '\t', '\r', ';'], StringSplitOptions.RemoveEmptyEntries))
            .ToList();

    private static PolicyParseResult ParseList(IReadOnlyList<string> items, string origin, string name, bool clbAttributes = false)
    {
        var versions = new List<TlsVersion>();
        var suites = new List<ushort>();
        var serverOrder = !clbAttributes;
        foreach (var raw in items)
        {
            var item = raw.Trim();
            if (item.Length == 0) continue;
            if (item.Equals("Server-Defined-Cipher-Order", StringComparison.OrdinalIgnoreCase)) { serverOrder = true; continue; }
            var protocolText = item.StartsWith("Protocol-", StringComparison.OrdinalIgnoreCase) ? item["Protocol-".Length..] : item;
            if (!item.Contains('-') || item.StartsWith("Protocol-", StringComparison.OrdinalIgnoreCase) || item.StartsWith("TLSv", StringComparison.OrdinalIgnoreCase) || item.StartsWith("SSLv", StringComparison.OrdinalIgnoreCase))
            {
                if (TlsVersion.TryParse(protocolText, out var v) && v.Value.IsKnown)
                {
                    if (!versions.Contains(v.Value)) versions.Add(v.Value);
                    continue;
                }
            }
            if (ResolveSuite(item, origin, out var suite) is { } bad) return bad;
            if (suite.IsSignalling) return Fail(origin, $"'{item}' is a signalling value, not a suite a server can choose");
            if (!suites.Contains(suite.Code)) suites.Add(suite.Code);
        }
        if (versions.Count == 0) return Fail(origin, "no protocol version listed (e.g. TLSv1.2)");
        if (suites.Count == 0) return Fail(origin, "no cipher suite listed");
        // TLS 1.3 suites are chosen apart from the others; keep them first, each group in the listed order.
        var ordered = suites.Where(IsTls13Suite).Concat(suites.Where(c => !IsTls13Suite(c))).ToList();
        var policy = new ServerPolicy
        {
            Name = name,
            Provider = "custom",
            Versions = versions.Order().ToList(),
            CipherSuites = ordered,
            ServerOrder = serverOrder,
            Unknown = PolicyUnknowns.Groups,
            Confidence = PolicyConfidence.High,
            Notes = "Suite order as listed in the file.",
        };
        return Coherent(policy, origin) is { } incoherent ? incoherent : PolicyParseResult.Success([policy]);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static PolicyParseResult? ResolveSuite(string name, string where, out CipherSuite suite)
    {
        suite = CipherSuites.Find(name)!;
        if (suite is not null) return null;
        var close = NameSuggestions.Closest(name, CipherSuites.AllNames, 3);
        return Fail(where, close.Count == 0 ? $"unknown cipher suite '{name}'" : $"unknown cipher suite '{name}' (closest: {string.Join(", ", close)})");
    }

    private static PolicyParseResult? ResolveGroups(IReadOnlyList<string>? names, string where, out IReadOnlyList<ushort>? groups)
    {
        groups = null;
        if (names is null) return null;
        var list = new List<ushort>();
        foreach (var n in names)
        {
            var g = Groups.Find(n);
            if (g is null)
            {
                var close = NameSuggestions.Closest(n, Groups.AllNames, 3);
                return Fail(where, close.Count == 0 ? $"unknown group '{n}'" : $"unknown group '{n}' (closest: {string.Join(", ", close)})");
            }
            if (list.Contains(g.Code)) return Fail(where, $"group '{n}' listed twice");
            list.Add(g.Code);
        }
        groups = list;
        return null;
    }

    private static string? Str(JsonElement e, string property) =>
        e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool? Bool(JsonElement e, string property) =>
        e.TryGetProperty(property, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    /// <summary>A missing or null property gives null (unknown); anything but an array of strings is an error.</summary>
    private static bool TryStrings(JsonElement e, string property, out IReadOnlyList<string>? values, out string error)
    {
        values = null;
        error = "";
        if (!e.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null) return true;
        if (v.ValueKind != JsonValueKind.Array) { error = $"'{property}' must be an array of strings or null"; return false; }
        var list = new List<string>();
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) { error = $"'{property}' must hold only strings"; return false; }
            list.Add(item.GetString()!);
        }
        values = list;
        return true;
    }

    private static PolicyParseResult Fail(string where, string reason) => PolicyParseResult.Failure(new PolicyError.InvalidData(where, reason));

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
