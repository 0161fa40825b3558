using System.Collections.Concurrent;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;

namespace TlsDoctor.Capture;

/// <summary>
/// Runs the negotiation simulator for captured hellos: against one policy, and against every AWS (ELB) policy in the
/// catalog (aliases left out, CLB-scoped variants counted by id). The server is assumed to hold an RSA certificate, the
/// common case for load balancers. Results are cached per distinct hello content (JA4_r plus JA3 string), so a busy
/// listener simulates each client kind once.
/// </summary>
public sealed class PolicyVerdicts(ServerPolicy? policy, IReadOnlyList<ServerPolicy> awsPolicies)
{
    private const int CacheLimit = 10_000;
    private static readonly CertificateKind[] Certificates = [CertificateKind.Rsa];
    private readonly ConcurrentDictionary<string, CaptureVerdict> _cache = new();

    public ServerPolicy? Policy => policy;

    /// <summary>The AWS policies of the built-in catalog.</summary>
    public static IReadOnlyList<ServerPolicy> AwsPolicies() =>
        PolicyCatalog.Query(new PolicyFilter { Provider = "aws" }).Where(p => p.AliasOf is null).ToList();

    public static PolicyVerdicts ForCatalog(ServerPolicy? policy) => new(policy, AwsPolicies());

    /// <summary>Null for rows without a decodable hello (malformed).</summary>
    public CaptureVerdict? Evaluate(CapturedHello hello)
    {
        if (hello.Malformed is not null || hello.Raw is null) return null;
        var key = hello.Ja4R + "|" + hello.Ja3String;
        if (_cache.TryGetValue(key, out var cached)) return cached;
        var offer = HelloAnalyzer.ToClientOffer(hello);
        if (offer is null) return null;
        var verdict = Evaluate(offer);
        if (_cache.Count < CacheLimit) _cache[key] = verdict;
        return verdict;
    }

    public CaptureVerdict Evaluate(ClientOffer offer)
    {
        var accepted = awsPolicies.Where(p => Simulator.Negotiate(offer, p, Certificates).IsAgreed).Select(p => p.Id).ToList();
        var outcome = policy is null ? null : Simulator.Negotiate(offer, policy, Certificates);
        return new CaptureVerdict(policy, outcome, accepted.Count, awsPolicies.Count, accepted);
    }
}
