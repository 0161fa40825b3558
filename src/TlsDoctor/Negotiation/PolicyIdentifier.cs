using TlsDoctor.Registry;

namespace TlsDoctor.Negotiation;

/// <summary>
/// Identify: the catalog policies a scanned endpoint matches exactly (an equivalence class: several policies are
/// indistinguishable from outside, e.g. aliases, or policies differing only in ECDSA suites seen through an RSA
/// certificate), else the nearest ones with their differences.
/// </summary>
public static class PolicyIdentifier
{
    /// <summary>Exact matches when there are any (all of them), else the policies at the smallest distance (at most <paramref name="nearest"/>).</summary>
    public static IReadOnlyList<PolicyMatch> Identify(ServerObservation observed, IEnumerable<ServerPolicy> catalog, int nearest = 3)
    {
        var matches = catalog.Where(p => SecurityProfile.Of(p).IsKnown)
            .Select(p => Compare(observed, p))
            .ToList();
        var exact = matches.Where(m => m.Exact).DistinctBy(m => (m.Name, m.Provider)).OrderBy(m => m.Name, StringComparer.Ordinal).ToList();
        if (exact.Count > 0) return exact;
        if (matches.Count == 0) return [];
        var best = matches.Min(m => m.Distance);
        return matches.Where(m => m.Distance == best).DistinctBy(m => (m.Name, m.Provider))
            .OrderBy(m => m.Name, StringComparer.Ordinal).Take(nearest).ToList();
    }

    public static PolicyMatch Compare(ServerObservation observed, ServerPolicy policy)
    {
        var expected = ServerObservation.Expected(policy, observed.Certificates);
        var missing = new List<string>();
        var extra = new List<string>();

        Diff(expected.Versions.Select(v => v.Value), observed.Versions.Where(v => v.IsKnown).Select(v => v.Value), v => new TlsVersion(v).Name, missing, extra);
        Diff(expected.CipherSuites, observed.CipherSuites.Where(c => !Grease.IsGrease(c)), CipherSuites.Describe, missing, extra);
        if (observed.Groups is not null && policy.Groups is not null)
            Diff(policy.Groups, observed.Groups, Groups.Describe, missing, extra);
        else if (observed.Groups is not null)
        {
            // Groups not stated by the source: the policy's post-quantum flag still says whether it offers any
            // post-quantum group, which is what tells a post-quantum policy from its classical counterpart.
            var postQuantum = observed.Groups.Where(g => Groups.Find(g)?.IsPostQuantum == true).ToList();
            if (policy.IsPostQuantum && postQuantum.Count == 0) missing.Add("a post-quantum group");
            else if (!policy.IsPostQuantum) extra.AddRange(postQuantum.Distinct().Select(Groups.Describe));
        }

        if (observed.ServerOrder is { } order && order != policy.ServerOrder)
            (policy.ServerOrder ? missing : extra).Add("server order");
        else if (observed.ServerOrder == true && missing.Count == 0 && extra.Count == 0 && !SameOrder(expected.CipherSuites, observed.CipherSuites, observed.Certificates.Count > 1))
            extra.Add("suite order");

        // An incomplete observation may lack what the policy has: it can come close, never match exactly.
        return new PolicyMatch(policy.Name, policy.Provider, missing.Count == 0 && extra.Count == 0 && observed.Incomplete is null, missing, extra);
    }

    /// <summary>
    /// Compares orders separately for TLS 1.3 and earlier suites: a scanner enumerates them per version. With several
    /// certificate types, earlier suites are compared per type: such a server picks its certificate per hello and then
    /// shows only that type's suites, so the order between types cannot be observed.
    /// </summary>
    private static bool SameOrder(IReadOnlyList<ushort> expected, IReadOnlyList<ushort> observed, bool perCertificateType)
    {
        static bool Is13(ushort c) => CipherSuites.Find(c)?.IsTls13 == true;
        static string Type(ushort c) => CipherSuites.Find(c) switch { { NeedsEcdsaCertificate: true } => "ecdsa", { Auth: "RSA" } => "rsa", _ => "other" };
        if (!expected.Where(Is13).SequenceEqual(observed.Where(Is13))) return false;
        var legacyExpected = expected.Where(c => !Is13(c)).ToList();
        var legacyObserved = observed.Where(c => !Is13(c)).ToList();
        if (!perCertificateType) return legacyExpected.SequenceEqual(legacyObserved);
        return legacyExpected.Concat(legacyObserved).Select(Type).Distinct()
            .All(t => legacyExpected.Where(c => Type(c) == t).SequenceEqual(legacyObserved.Where(c => Type(c) == t)));
    }

    private static void Diff(IEnumerable<ushort> expected, IEnumerable<ushort> observed, Func<ushort, string> name, List<string> missing, List<string> extra)
    {
        var e = expected.ToList();
        var o = observed.ToList();
        missing.AddRange(e.Where(x => !o.Contains(x)).Distinct().Select(name));
        extra.AddRange(o.Where(x => !e.Contains(x)).Distinct().Select(name));
    }
}
