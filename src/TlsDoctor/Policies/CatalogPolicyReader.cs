using System.Text.Json;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Policies;

/// <summary>
/// The catalog schema (data/policies/*.json, and files users write in it): <c>{"policies":[{…}]}</c> or one policy
/// object with name, protocols, tls13Ciphers, ciphers, groups, load balancers and the catalog's notes.
/// </summary>
internal static class CatalogPolicyReader
{
    public static PolicyParseResult ReadList(JsonElement list, string origin, string fallbackName, string defaultProvider)
    {
        if (list.ValueKind != JsonValueKind.Array) return PolicyFields.Fail(origin, "'policies' must be an array");
        var result = new List<ServerPolicy>();
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var one = ReadEntry(item, $"{origin} policies[{index++}]", fallbackName, defaultProvider);
            if (!one.IsSuccess) return one;
            result.AddRange(one.Policies);
        }
        return PolicyParseResult.Success(result);
    }

    public static PolicyParseResult ReadEntry(JsonElement e, string origin, string fallbackName, string defaultProvider)
    {
        if (e.ValueKind != JsonValueKind.Object) return PolicyFields.Fail(origin, "a policy must be a JSON object");
        var name = PolicyFields.Str(e, "name") ?? fallbackName;
        if (string.IsNullOrWhiteSpace(name)) return PolicyFields.Fail(origin, "policy without a name");
        var where = $"{origin} ({PolicyFields.Shorten(name)})";
        var unknown = PolicyUnknowns.None;

        if (!PolicyFields.TryStrings(e, "loadBalancers", out var lbs, out var err)) return PolicyFields.Fail(where, err);
        foreach (var lb in lbs ?? [])
            if (!PolicyRecommender.LoadBalancerTypes.Contains(lb)) return PolicyFields.Fail(where, $"unknown load-balancer type {PolicyFields.Quote(lb)} (expected ALB, NLB or CLB)");

        if (!PolicyFields.TryStrings(e, "protocols", out var protocolNames, out err)) return PolicyFields.Fail(where, err);
        var versions = new List<TlsVersion>();
        if (protocolNames is null) unknown |= PolicyUnknowns.Protocols;
        else
            foreach (var p in protocolNames)
            {
                if (!TlsVersion.TryParse(p, out var v) || !v.Value.IsKnown) return PolicyFields.Fail(where, $"unknown protocol {PolicyFields.Quote(p)}");
                if (versions.Contains(v.Value)) return PolicyFields.Fail(where, $"protocol {PolicyFields.Quote(p)} listed twice");
                versions.Add(v.Value);
            }

        if (!PolicyFields.TryStrings(e, "tls13Ciphers", out var tls13Names, out err)) return PolicyFields.Fail(where, err);
        if (!PolicyFields.TryStrings(e, "ciphers", out var cipherNames, out err)) return PolicyFields.Fail(where, err);
        if (tls13Names is null) unknown |= PolicyUnknowns.Tls13CipherSuites;
        if (cipherNames is null) unknown |= PolicyUnknowns.Tls12CipherSuites;
        if (PolicyFields.Bool(e, "ciphersOrdered") == false) unknown |= PolicyUnknowns.CipherOrder;

        var suites = new List<ushort>();
        foreach (var n in tls13Names ?? [])
        {
            if (PolicyFields.ResolveSuite(n, where, out var s) is { } bad) return bad;
            if (!s.IsTls13) return PolicyFields.Fail(where, $"{PolicyFields.Quote(n)} is listed as a TLS 1.3 suite but is not one");
            if (suites.Contains(s.Code)) return PolicyFields.Fail(where, $"suite {PolicyFields.Quote(n)} listed twice");
            suites.Add(s.Code);
        }
        foreach (var n in cipherNames ?? [])
        {
            if (PolicyFields.ResolveSuite(n, where, out var s) is { } bad) return bad;
            if (s.IsTls13) return PolicyFields.Fail(where, $"{PolicyFields.Quote(n)} is a TLS 1.3 suite; list it under tls13Ciphers");
            if (s.IsSignalling) return PolicyFields.Fail(where, $"{PolicyFields.Quote(n)} is a signalling value, not a suite a server can choose");
            if (suites.Contains(s.Code)) return PolicyFields.Fail(where, $"suite {PolicyFields.Quote(n)} listed twice");
            suites.Add(s.Code);
        }

        if (!PolicyFields.TryStrings(e, "groups", out var groupNames, out err)) return PolicyFields.Fail(where, err);
        if (PolicyFields.ResolveGroups(groupNames, where, out var groups) is { } badGroup) return badGroup;
        if (groupNames is null || PolicyFields.Bool(e, "groupsComplete") == false) unknown |= PolicyUnknowns.Groups;
        if (!PolicyFields.TryStrings(e, "implementationGroups", out var implNames, out err)) return PolicyFields.Fail(where, err);
        if (PolicyFields.ResolveGroups(implNames, where, out var implementationGroups) is { } badImpl) return badImpl;
        if (!PolicyFields.TryStrings(e, "sources", out var sources, out err)) return PolicyFields.Fail(where, err);

        var confidence = PolicyConfidence.High;
        if (PolicyFields.Str(e, "confidence") is { } c && !Enum.TryParse(c, ignoreCase: true, out confidence))
            return PolicyFields.Fail(where, $"unknown confidence {PolicyFields.Quote(c)} (high, medium, low)");

        var policy = new ServerPolicy
        {
            Name = name,
            Provider = PolicyFields.Str(e, "provider") ?? defaultProvider,
            Scope = PolicyFields.Str(e, "scope"),
            LoadBalancers = lbs ?? [],
            Category = PolicyFields.Str(e, "category"),
            Versions = versions.Order().ToList(),
            CipherSuites = suites,
            Groups = groups,
            ImplementationGroups = implementationGroups,
            ServerOrder = PolicyFields.Bool(e, "serverOrder") ?? true,
            IsFips = PolicyFields.Bool(e, "fips") ?? false,
            IsPostQuantum = PolicyFields.Bool(e, "postQuantum") ?? false,
            DefaultNote = PolicyFields.Str(e, "default"),
            AliasOf = PolicyFields.Str(e, "aliasOf"),
            ClassicalCounterpart = PolicyFields.Str(e, "classicalCounterpart"),
            Confidence = confidence,
            Unknown = unknown,
            Notes = PolicyFields.Str(e, "notes") is { Length: > 0 } notes ? notes : null,
            Sources = sources ?? [],
        };
        return Coherent(policy, where) is { } incoherent ? incoherent : PolicyParseResult.Success([policy]);
    }

    /// <summary>Version range and suites must fit together; a policy that cannot negotiate anything it lists is a data error.</summary>
    public static PolicyParseResult? Coherent(ServerPolicy p, string where)
    {
        var hasTls13 = p.Versions.Contains(TlsVersion.Tls13);
        var maxClassic = p.Versions.Where(v => v < TlsVersion.Tls13).DefaultIfEmpty(TlsVersion.SSLv2).Max();
        var has13Suites = p.CipherSuites.Any(PolicyFields.IsTls13Suite);
        var hasClassicSuites = p.CipherSuites.Any(c => !PolicyFields.IsTls13Suite(c));
        if (p.Unknown.HasFlag(PolicyUnknowns.Protocols)) return null;
        if (p.Versions.Count == 0) return PolicyFields.Fail(where, "no protocol enabled");
        if (has13Suites && !hasTls13) return PolicyFields.Fail(where, "TLS 1.3 suites listed but TLSv1.3 is not enabled");
        if (hasTls13 && !has13Suites && !p.Unknown.HasFlag(PolicyUnknowns.Tls13CipherSuites)) return PolicyFields.Fail(where, "TLSv1.3 enabled without any TLS 1.3 suite");
        if (maxClassic > TlsVersion.SSLv2 && !hasClassicSuites && !p.Unknown.HasFlag(PolicyUnknowns.Tls12CipherSuites))
            return PolicyFields.Fail(where, $"{maxClassic.Name} enabled without any TLS 1.0–1.2 suite");
        if (hasClassicSuites && maxClassic == TlsVersion.SSLv2) return PolicyFields.Fail(where, "TLS 1.0–1.2 suites listed but no such protocol is enabled");
        foreach (var code in p.CipherSuites.Where(c => !PolicyFields.IsTls13Suite(c)))
            if (CipherSuites.Find(code)?.MinProtocol is { } min && min > maxClassic)
                return PolicyFields.Fail(where, $"{CipherSuites.Describe(code)} needs {min.Name} or later, which the policy does not enable");
        return null;
    }
}
