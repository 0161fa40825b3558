using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Scanning;

/// <summary>
/// Offer-and-remove: offer every candidate, learn the one the server chooses, remove it, repeat until
/// the server refuses. A server that prefers its own order reveals that order; n accepted suites cost
/// n + 1 handshakes. When a large hello is answered with a reset or a close (some middleboxes and old
/// stacks reject hellos over 255 or 512 bytes) the offer is split into chunks small enough to pass.
/// </summary>
public static class SuiteEnumerator
{
    /// <summary>The chunk size used once a server is seen to reject large hellos.</summary>
    public const int SplitChunk = 48;

    /// <param name="seed">The outcome of an earlier probe that offered the same candidates, used instead of the first probe.</param>
    /// <param name="groups">When set, ECDHE answers also enumerate groups (see <see cref="GroupTracker"/>).</param>
    public static async Task<SuiteEnumeration> EnumerateAsync(IHandshakeProber prober, HelloSpec baseHello,
        IReadOnlyList<ushort> candidates, CancellationToken ct, ProbeOutcome? seed = null, GroupTracker? groups = null)
    {
        var notes = new List<string>();
        var found = new List<ushort>();
        var answers = new List<ServerAnswer>();
        var (first, refused, firstFailure, cut) = await RunAsync(prober, baseHello, candidates, found, answers, notes, ct, seed, groups).ConfigureAwait(false);
        if (first || refused || found.Count > 0 || candidates.Count <= SplitChunk || firstFailure is not (ProbeFailure.Reset or ProbeFailure.Closed))
            return new SuiteEnumeration(found, answers, firstFailure, refused, false, notes) { Cut = cut };
        groups?.Stop();

        // The full offer was not answered cleanly. A small hello tells whether the size was the problem.
        var small = candidates.Take(SplitChunk).ToList();
        var (smallClean, smallRefused, _, smallCut) = await RunAsync(prober, baseHello, small, found, answers, notes, ct).ConfigureAwait(false);
        if (!smallClean && found.Count == 0)
            return new SuiteEnumeration(found, answers, firstFailure, smallRefused, false, notes) { Cut = smallCut };

        notes.Add($"the server did not answer a hello with {candidates.Count} suites ({firstFailure?.Message}); enumerated in chunks of {SplitChunk}");
        cut ??= smallCut;
        foreach (var chunk in candidates.Skip(SplitChunk).Chunk(SplitChunk))
            cut ??= (await RunAsync(prober, baseHello, chunk, found, answers, notes, ct).ConfigureAwait(false)).Cut;
        return new SuiteEnumeration(found, answers, firstFailure, false, true, notes) { Cut = cut };
    }

    /// <summary>
    /// Runs offer-and-remove over <paramref name="offer"/>. Returns whether the first probe got a clean
    /// answer (a ServerHello or an alert), whether the server refused the protocol version itself, the
    /// first failure, and what cut the enumeration short (see <see cref="SuiteEnumeration.Cut"/>).
    /// </summary>
    private static async Task<(bool FirstClean, bool VersionRefused, ProbeFailure? FirstFailure, ProbeFailure? Cut)> RunAsync(IHandshakeProber prober,
        HelloSpec baseHello, IReadOnlyList<ushort> offer, List<ushort> found, List<ServerAnswer> answers, List<string> notes, CancellationToken ct, ProbeOutcome? seed = null, GroupTracker? groups = null)
    {
        var remaining = offer.Where(s => !found.Contains(s)).ToList();
        var firstProbe = true;
        bool firstClean = false;
        ProbeFailure? firstFailure = null;
        while (remaining.Count > 0)
        {
            ProbeOutcome outcome;
            if (firstProbe && seed is not null) outcome = seed;
            else if (groups is { IsActive: true } && groups.Offer(baseHello.Groups) is { } reduced)
            {
                outcome = await ProbeWithRetryAsync(prober, baseHello with { CipherSuites = remaining, Groups = reduced }, ct, ahead: true).ConfigureAwait(false);
                // A non-ECDHE choice (or a refusal) while ECDHE suites remain may only mean that no offered group is left.
                if (outcome.Answer is not { } a || (!GroupTracker.IsEcdhe(a.CipherSuite) && remaining.Any(GroupTracker.IsEcdhe)))
                {
                    var full = await ProbeWithRetryAsync(prober, baseHello.WithSuites(remaining), ct).ConfigureAwait(false);
                    if (full.Answer?.CipherSuite != outcome.Answer?.CipherSuite) groups.Complete();
                    else groups.Stop();
                    outcome = full;
                }
            }
            // Another probe follows this one (the next step, or another chain or the server-order and fallback probes after
            // a refusal): its connection opens while this hello is in flight.
            else outcome = await ProbeWithRetryAsync(prober, baseHello.WithSuites(remaining), ct, ahead: true).ConfigureAwait(false);
            if (outcome.Answer is { Group: { } g } seen && GroupTracker.IsEcdhe(seen.CipherSuite) && seen.Version == baseHello.Version) groups?.Saw(g);
            // An ECDSA certificate is usable only when its curve is among the offered groups (RFC 8422 section 5.1),
            // so removing groups would also remove suites: learn groups separately for such servers.
            if (outcome.Answer is { } picked && CertificateKinds.OfSuite(picked.CipherSuite) == CertificateKind.Ecdsa) groups?.Stop();
            if (firstProbe) { firstClean = outcome.IsAnswer || outcome.IsCleanRefusal; firstFailure = outcome.Failure; }
            if (outcome.Answer is not { } answer)
            {
                var versionRefused = firstProbe && outcome.Failure is ProbeFailure.Alert { Description: 70 };
                return (firstClean, versionRefused, firstFailure, await CutAsync(prober, baseHello, outcome, found, answers, ct).ConfigureAwait(false));
            }
            if (answer.Version != baseHello.Version)
            {
                // The server answered with another version: it does not support the one offered (RFC 8446 section 4.1.3).
                return (firstClean, firstProbe, firstFailure, null);
            }
            if (!remaining.Remove(answer.CipherSuite))
            {
                // A prober that does not check answers against the offer (RawHandshakeProber does: OfferCheck).
                var violation = new ProbeFailure.ProtocolViolation($"{answer.Version.Name} ServerHello selecting {CipherSuites.Describe(answer.CipherSuite)}",
                    "which the client did not offer") { Suite = answer.CipherSuite };
                return (firstClean, false, firstFailure, await CutAsync(prober, baseHello, ProbeOutcome.Of(violation), found, answers, ct).ConfigureAwait(false));
            }
            found.Add(answer.CipherSuite);
            answers.Add(answer);
            firstProbe = false;
        }
        return (firstClean, false, firstFailure, null);
    }

    /// <summary>
    /// Whether the probe that ended a chain cut it short rather than ending it: a protocol violation (the suite it selected
    /// is dropped from the list: a server that selects it unasked has not shown that it accepts it); after suites were
    /// found, an answer lost to a deadline or a refused connection, or a reset or close where the server still answers a
    /// suite it accepted before with an alert or a reset (then it is a refusal, as some servers refuse: one more
    /// handshake). Null when the chain ended with a refusal.
    /// </summary>
    private static async Task<ProbeFailure?> CutAsync(IHandshakeProber prober, HelloSpec baseHello, ProbeOutcome ended, List<ushort> found,
        List<ServerAnswer> answers, CancellationToken ct)
    {
        if (ended.Failure is ProbeFailure.ProtocolViolation violation)
        {
            if (violation.Suite is { } suite && found.Remove(suite)) answers.RemoveAll(a => a.CipherSuite == suite);
            return violation;
        }
        if (found.Count == 0 || ended.Failure is null or ProbeFailure.Alert) return null;
        if (ended.Failure is not (ProbeFailure.Reset or ProbeFailure.Closed { BytesReceived: 0 })) return ended.Failure;
        var again = await ProbeWithRetryAsync(prober, baseHello.WithSuites([found[^1]]), ct).ConfigureAwait(false);
        return again.Answer?.CipherSuite == found[^1] ? null : ended.Failure;
    }

    /// <summary>Retries once when the connection was reset before concluding (transient drops, SYN-flood protection).</summary>
    /// <param name="ahead">Another probe will follow: open its connection (<see cref="IHandshakeProber.Prewarm"/>) while this hello is in flight.</param>
    public static async Task<ProbeOutcome> ProbeWithRetryAsync(IHandshakeProber prober, HelloSpec hello, CancellationToken ct, bool ahead = false)
    {
        var probe = prober.ProbeAsync(hello, ct);
        if (ahead) prober.Prewarm(1);
        var outcome = await probe.ConfigureAwait(false);
        if (outcome.Failure is ProbeFailure.Reset)
            outcome = await prober.ProbeAsync(hello, ct).ConfigureAwait(false);
        return outcome;
    }
}
