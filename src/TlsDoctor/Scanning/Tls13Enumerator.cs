using TlsDoctor.Registry;

namespace TlsDoctor.Scanning;

/// <summary>
/// TLS 1.3 suites and groups in one pass. Every answer (ServerHello or HelloRetryRequest, RFC 8446
/// section 4.1.4) names both a suite and a group, so each probe removes the chosen suite and the chosen
/// group together. When the server refuses, one of the two lists ran dry: the rest of each list is then
/// finished alone, pinned to a suite or group known to work. Groups without a key share are revealed by
/// HelloRetryRequest, so hybrid post-quantum groups are seen without computing a share.
/// </summary>
public static class Tls13Enumerator
{
    public static async Task<(SuiteEnumeration Suites, GroupEnumeration Groups)> EnumerateAsync(IHandshakeProber prober,
        HelloSpec baseHello, IReadOnlyList<ushort> suiteCandidates, IReadOnlyList<ushort> groupCandidates, CancellationToken ct, ProbeOutcome? seed = null)
    {
        var suites = new List<ushort>();
        var groups = new List<ushort>();
        var answers = new List<ServerAnswer>();
        var notes = new List<string>();
        var remainingSuites = suiteCandidates.ToList();
        var remainingGroups = groupCandidates.ToList();
        ProbeFailure? firstFailure = null;
        var first = true;
        var viaRetry = false;
        var versionRefused = false;
        ProbeFailure? cut = null;

        // Returns true when the probe revealed something new.
        async Task<bool> Step(IReadOnlyList<ushort> offerSuites, IReadOnlyList<ushort> offerGroups)
        {
            var hello = baseHello with
            {
                CipherSuites = offerSuites,
                Groups = offerGroups,
                KeyShareGroups = baseHello.KeyShareGroups.Where(offerGroups.Contains).ToList(),
            };
            var outcome = first && seed is not null ? seed
                : await SuiteEnumerator.ProbeWithRetryAsync(prober, hello, ct, ahead: true).ConfigureAwait(false);
            if (first)
            {
                firstFailure = outcome.Failure;
                versionRefused = outcome.Failure is ProbeFailure.Alert { Description: 70 } || (outcome.Answer is { } a0 && a0.Version != baseHello.Version);
                first = false;
            }
            if (outcome.Failure is ProbeFailure.ProtocolViolation violation)
            {
                // A suite the server selects unasked is not shown to be accepted (see SuiteEnumerator).
                if (violation.Suite is { } s && suites.Remove(s)) answers.RemoveAll(a => a.CipherSuite == s);
                cut = violation;
                return false;
            }
            if (outcome.Answer is null && answers.Count > 0 && outcome.Failure is not (null or ProbeFailure.Alert))
            {
                // After answers, a lost answer cuts the enumeration short; a reset or close is a refusal only when the server
                // still answers what it accepted before.
                var confirmed = outcome.Failure is ProbeFailure.Reset or ProbeFailure.Closed { BytesReceived: 0 }
                    && (await SuiteEnumerator.ProbeWithRetryAsync(prober, baseHello with
                    {
                        CipherSuites = [answers[^1].CipherSuite],
                        Groups = answers[^1].Group is { } lastGroup ? [lastGroup] : offerGroups,
                        KeyShareGroups = [],
                    }, ct).ConfigureAwait(false)).Answer is not null;
                if (!confirmed) cut = outcome.Failure;
                return false;
            }
            if (outcome.Answer is not { } answer || answer.Version != baseHello.Version) return false;
            var newSuite = remainingSuites.Remove(answer.CipherSuite);
            if (newSuite) suites.Add(answer.CipherSuite);
            else if (!suites.Contains(answer.CipherSuite))
            {
                // A prober that does not check answers against the offer (RawHandshakeProber does: OfferCheck).
                cut = new ProbeFailure.ProtocolViolation($"TLSv1.3 ServerHello selecting {CipherSuites.Describe(answer.CipherSuite)}", "which the client did not offer");
                return false;
            }
            var newGroup = false;
            if (answer.Group is { } g)
            {
                newGroup = remainingGroups.Remove(g);
                if (newGroup) groups.Add(g);
                else if (!groups.Contains(g)) { notes.Add($"TLSv1.3: the server chose group {Groups.Describe(g)}, which was not offered"); return false; }
            }
            viaRetry |= answer.IsHelloRetryRequest;
            answers.Add(answer);
            return newSuite || newGroup;
        }

        // Both lists shrink together while both still hold something the server accepts.
        while (remainingSuites.Count > 0 && remainingGroups.Count > 0)
            if (!await Step(remainingSuites, remainingGroups).ConfigureAwait(false)) break;

        if (suites.Count > 0 && groups.Count > 0)
        {
            // Finish the suites with a group known to work, then the groups with a suite known to work.
            IReadOnlyList<ushort> goodGroup = [groups[0]];
            while (remainingSuites.Count > 0)
                if (!await Step(remainingSuites, goodGroup).ConfigureAwait(false)) break;
            IReadOnlyList<ushort> goodSuite = [suites[0]];
            while (remainingGroups.Count > 0)
                if (!await Step(goodSuite, remainingGroups).ConfigureAwait(false)) break;
        }

        var suiteResult = new SuiteEnumeration(suites, answers, firstFailure, versionRefused && suites.Count == 0, false, notes) { Cut = cut };
        return (suiteResult, new GroupEnumeration(groups, viaRetry, []));
    }
}
