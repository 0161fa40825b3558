namespace TlsDoctor.Scanning;

/// <summary>
/// Offer-and-remove over supported_groups: the server names the group it picks (TLS 1.3 key_share or
/// HelloRetryRequest, TLS 1.2 ServerKeyExchange), we remove it and offer the rest until it refuses.
/// Offering many groups per hello finds groups a one-group-per-hello scanner cannot distinguish from
/// refusals caused by something else, and costs n + 1 handshakes.
/// </summary>
public static class GroupEnumerator
{
    /// <param name="baseHello">A hello the server is known to accept (suites it chose before).</param>
    /// <param name="candidates">Groups to offer; the ones already known are skipped but offered first on no probe.</param>
    /// <param name="known">Groups already learned (for example during suite enumeration); they are not offered again.</param>
    /// <param name="pinned">A group offered in every hello, last (the curve of an ECDSA certificate in TLS 1.2, without which
    /// the certificate cannot be used, RFC 8422 section 5.1). When the server picks it again the enumeration stops: groups the
    /// server ranks below it cannot be observed this way.</param>
    public static async Task<GroupEnumeration> EnumerateAsync(IHandshakeProber prober, HelloSpec baseHello,
        IReadOnlyList<ushort> candidates, IReadOnlyList<ushort> known, CancellationToken ct, ushort? pinned = null)
    {
        var found = new List<ushort>(known);
        var notes = new List<string>();
        var remaining = candidates.Where(g => !found.Contains(g)).ToList();
        var viaRetry = false;
        while (remaining.Count > 0)
        {
            IReadOnlyList<ushort> offer = pinned is { } p && !remaining.Contains(p) ? [.. remaining, p] : remaining;
            var hello = baseHello with
            {
                Groups = offer,
                KeyShareGroups = baseHello.KeyShareGroups.Where(offer.Contains).ToList(),
            };
            var outcome = await SuiteEnumerator.ProbeWithRetryAsync(prober, hello, ct, ahead: found.Count > known.Count).ConfigureAwait(false);
            if (outcome.Answer is not { } answer || answer.Version != baseHello.Version) break;
            if (answer.Group is not { } group)
            {
                notes.Add($"{baseHello.Version.Name}: the server chose {Registry.CipherSuites.Describe(answer.CipherSuite)} without naming a group");
                break;
            }
            if (group == pinned && found.Contains(group))
            {
                notes.Add($"{baseHello.Version.Name}: groups the server ranks below {Registry.Groups.Describe(group)} (the ECDSA certificate's curve, which every hello must offer) cannot be observed in {baseHello.Version.Name}");
                break;
            }
            if (!remaining.Remove(group))
            {
                notes.Add($"{baseHello.Version.Name}: the server chose group {Registry.Groups.Describe(group)}, which was not offered");
                break;
            }
            viaRetry |= answer.IsHelloRetryRequest;
            found.Add(group);
        }
        return new GroupEnumeration(found, viaRetry, notes);
    }
}
