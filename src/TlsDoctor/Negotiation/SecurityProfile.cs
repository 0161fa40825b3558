using TlsDoctor.Registry;

namespace TlsDoctor.Negotiation;

/// <summary>
/// The security properties of a policy, derived from its data (versions and the registry's columns of each suite),
/// that order policies from most to least secure. See <see cref="PolicySecurity"/> for the order.
/// </summary>
/// <param name="MinVersion">The lowest enabled version.</param>
/// <param name="MaxVersion">The highest enabled version.</param>
/// <param name="ForwardSecrecyOnly">Every enabled suite uses an ephemeral key exchange (all TLS 1.3 suites do).</param>
/// <param name="AeadOnly">Every enabled suite is AEAD (no CBC/stream cipher with a separate MAC).</param>
/// <param name="IsPostQuantum">The policy offers post-quantum hybrid key exchange groups.</param>
/// <param name="IsFips">The provider labels the policy FIPS.</param>
/// <param name="WorstRating">The lowest rating among enabled suites (unrated suites count as weak).</param>
/// <param name="BelowSecureCount">How many enabled suites are rated below "secure".</param>
/// <param name="SuiteCount">How many suites are enabled in all.</param>
/// <param name="IsKnown">False when the catalog does not know the policy's versions or suites.</param>
public sealed record SecurityProfile(
    TlsVersion? MinVersion,
    TlsVersion? MaxVersion,
    bool ForwardSecrecyOnly,
    bool AeadOnly,
    bool IsPostQuantum,
    bool IsFips,
    Rating WorstRating,
    int BelowSecureCount,
    int SuiteCount,
    bool IsKnown)
{
    public static SecurityProfile Of(ServerPolicy policy)
    {
        var versions = policy.Versions.Where(v => v.IsKnown).ToList();
        var suites = policy.CipherSuites.Select(CipherSuites.Find).OfType<CipherSuite>().Where(s => !s.IsSignalling).ToList();
        var ratings = suites.Select(s => s.Rating ?? Rating.Weak).ToList();
        return new SecurityProfile(
            MinVersion: versions.Count > 0 ? versions.Min() : null,
            MaxVersion: versions.Count > 0 ? versions.Max() : null,
            ForwardSecrecyOnly: suites.All(s => s.IsForwardSecret),
            AeadOnly: suites.All(s => s.IsAead),
            IsPostQuantum: policy.IsPostQuantum,
            IsFips: policy.IsFips,
            WorstRating: ratings.Count > 0 ? ratings.Min() : Rating.Insecure,
            BelowSecureCount: ratings.Count(r => r < Rating.Secure),
            SuiteCount: suites.Count,
            IsKnown: versions.Count > 0 && suites.Count > 0
                     && (policy.Unknown & (PolicyUnknowns.Protocols | PolicyUnknowns.Tls12CipherSuites | PolicyUnknowns.Tls13CipherSuites)) == 0);
    }
}
