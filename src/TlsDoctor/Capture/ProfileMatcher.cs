using TlsDoctor.Clients;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Capture;

/// <summary>
/// Names the client behind a captured hello from the client profiles: by JA4, else by JA3 (both carried by the profiles
/// captured from real clients), else by the cipher suites and highest version it offers (every profile has those).
/// </summary>
public static class ProfileMatcher
{
    public static IReadOnlyList<ProfileMatch> Match(CapturedHello hello)
    {
        var profiles = ClientProfiles.All;
        var byJa4 = hello.Ja4 is { } ja4 ? profiles.Where(p => p.Ja4 == ja4).ToList() : [];
        if (byJa4.Count > 0) return byJa4.Select(p => new ProfileMatch(p.Id, p.Name, "JA4")).ToList();
        var byJa3 = hello.Ja3 is { } ja3 ? profiles.Where(p => p.Ja3 == ja3).ToList() : [];
        if (byJa3.Count > 0) return byJa3.Select(p => new ProfileMatch(p.Id, p.Name, "JA3")).ToList();
        if (HelloAnalyzer.Decode(hello)?.ToClientOffer() is not { } offer) return [];
        var suites = offer.CipherSuites.Where(s => !Grease.IsGrease(s)).ToList();
        // A hello shows its highest version only (without supported_versions, the lowest it accepts is not on the wire).
        var highest = offer.Versions.Max();
        return profiles
            .Where(p => p.Offer.CipherSuites.SequenceEqual(suites) && p.Offer.Versions.Count > 0 && p.Offer.Versions.Max() == highest)
            .Select(p => new ProfileMatch(p.Id, p.Name, "cipher suites"))
            .ToList();
    }
}
