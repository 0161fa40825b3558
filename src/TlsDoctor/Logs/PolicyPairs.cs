using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Logs;

/// <summary>
/// Whether a policy can negotiate a (protocol, suite) pair at all: the protocol is enabled, the suite is enabled, and
/// the suite belongs to the protocol (TLS 1.3 suites only with TLS 1.3, others only below it and not before their
/// minimum version). A log line shows this pair, not what the client offered besides (so "at risk" is an upper bound).
/// </summary>
public static class PolicyPairs
{
    /// <summary>Null when the policy allows the pair, otherwise why not.</summary>
    public static string? Refusal(ServerPolicy policy, NegotiatedPair pair)
    {
        if (LogNames.Version(pair.Protocol) is not { } version) return $"protocol {pair.Protocol} is unknown to the registry";
        if (LogNames.Suite(pair.Cipher) is not { } suite) return $"cipher {pair.Cipher} is unknown to the registry";
        if (!policy.Versions.Contains(version)) return $"{policy.Name} does not enable {version.Name}";
        if (!policy.CipherSuites.Contains(suite.Code)) return $"{policy.Name} does not enable {suite.IanaName ?? suite.Name}";
        if (!Fits(suite, version)) return $"{suite.IanaName ?? suite.Name} cannot be used with {version.Name}";
        return null;
    }

    /// <summary>Every (protocol, suite) pair the policy can negotiate, protocols from the lowest.</summary>
    public static IReadOnlyList<(TlsVersion Version, CipherSuite Suite)> Allowed(ServerPolicy policy) =>
        policy.Versions.Where(v => v.IsKnown && v != TlsVersion.SSLv2).Order()
            .SelectMany(v => policy.CipherSuites.Select(CipherSuites.Find).OfType<CipherSuite>().Where(s => !s.IsSignalling && Fits(s, v)).Select(s => (v, s)))
            .ToList();

    private static bool Fits(CipherSuite suite, TlsVersion version) =>
        suite.IsTls13 ? version == TlsVersion.Tls13 : version < TlsVersion.Tls13 && (suite.MinProtocol is not { } min || min <= version);
}
