using TlsDoctor.Registry;

namespace TlsDoctor.Negotiation;

/// <summary>
/// Orders policies from most to least secure using only their data (docs/simulate.md, "Security order"):
/// known before unknown; higher minimum version; TLS 1.3 supported; forward secrecy only; AEAD only; better worst suite
/// rating; fewer suites rated below secure; higher maximum version; post-quantum; FIPS; fewer suites; then the name, so the
/// order is total and deterministic. TLS 1.3 comes before the properties of the older protocols' suites: every client that
/// speaks it gets its strongest handshake whatever else the policy allows, and a recommendation that drops it downgrades
/// every modern client.
/// </summary>
public sealed class PolicySecurity : IComparer<ServerPolicy>
{
    public static PolicySecurity Instance { get; } = new();

    /// <summary>Negative when <paramref name="x"/> is MORE secure than <paramref name="y"/> (sorts most secure first).</summary>
    public int Compare(ServerPolicy? x, ServerPolicy? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return 1;
        if (y is null) return -1;
        return Compare(SecurityProfile.Of(x), SecurityProfile.Of(y)) is var c && c != 0 ? c : string.CompareOrdinal(x.Name, y.Name);
    }

    public static int Compare(SecurityProfile a, SecurityProfile b)
    {
        int c;
        if ((c = b.IsKnown.CompareTo(a.IsKnown)) != 0) return c;
        if ((c = Nullable.Compare(b.MinVersion, a.MinVersion)) != 0) return c;
        if ((c = SupportsTls13(b).CompareTo(SupportsTls13(a))) != 0) return c;
        if ((c = b.ForwardSecrecyOnly.CompareTo(a.ForwardSecrecyOnly)) != 0) return c;
        if ((c = b.AeadOnly.CompareTo(a.AeadOnly)) != 0) return c;
        if ((c = b.WorstRating.CompareTo(a.WorstRating)) != 0) return c;
        if ((c = a.BelowSecureCount.CompareTo(b.BelowSecureCount)) != 0) return c;
        if ((c = Nullable.Compare(b.MaxVersion, a.MaxVersion)) != 0) return c;
        if ((c = b.IsPostQuantum.CompareTo(a.IsPostQuantum)) != 0) return c;
        if ((c = b.IsFips.CompareTo(a.IsFips)) != 0) return c;
        return a.SuiteCount.CompareTo(b.SuiteCount);
    }

    public static bool SupportsTls13(SecurityProfile p) => p.MaxVersion is { } max && max >= TlsVersion.Tls13;

    /// <summary>The properties in which <paramref name="better"/> beats <paramref name="worse"/>, as short phrases.</summary>
    public static IReadOnlyList<string> Advantages(SecurityProfile better, SecurityProfile worse)
    {
        var list = new List<string>();
        if (better.MinVersion > worse.MinVersion) list.Add($"requires {Simulator.Display(better.MinVersion!.Value)} or later");
        if (better.ForwardSecrecyOnly && !worse.ForwardSecrecyOnly) list.Add("forward secrecy only");
        if (better.AeadOnly && !worse.AeadOnly) list.Add("AEAD ciphers only");
        if (better.WorstRating > worse.WorstRating) list.Add($"no suite rated below {better.WorstRating.ToString().ToLowerInvariant()}");
        if (better.BelowSecureCount < worse.BelowSecureCount) list.Add($"{better.BelowSecureCount} suites rated below secure instead of {worse.BelowSecureCount}");
        if (better.MaxVersion > worse.MaxVersion) list.Add($"supports {Simulator.Display(better.MaxVersion!.Value)}");
        if (better.IsPostQuantum && !worse.IsPostQuantum) list.Add("post-quantum key exchange");
        if (better.IsFips && !worse.IsFips) list.Add("FIPS");
        if (better.SuiteCount < worse.SuiteCount) list.Add($"{better.SuiteCount} suites instead of {worse.SuiteCount}");
        return list;
    }
}
