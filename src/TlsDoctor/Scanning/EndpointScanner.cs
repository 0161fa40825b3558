using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Scanning;

/// <summary>
/// Scans one endpoint through an <see cref="IHandshakeProber"/>, in phases whose values flow by return: the first hello and
/// the chains it starts (suites per protocol); the per-certificate pass (suites a server shows only for one certificate
/// type); server order, ALPN and fallback; certificates and signature schemes; then <see cref="ScanAssembly"/> assembles the
/// result without I/O. Independent enumerations run concurrently; the prober bounds the connections.
/// </summary>
public sealed class EndpointScanner(IHandshakeProber network, string? serverName, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    /// <summary>Every probe goes through it: it tells when answers were lost (the result is then incomplete) or the protocol broken.</summary>
    private readonly AnswerWatch prober = new(network);
    private static readonly TlsVersion[] Legacy = [TlsVersion.SSLv3, TlsVersion.Tls10, TlsVersion.Tls11, TlsVersion.Tls12];
    /// <summary>The ALPN names the first two server-order probes carry, one each, so ALPN costs no handshake of its own.</summary>
    private static readonly string[] AlpnNames = ["h2", "http/1.1"];

    /// <summary>A full handshake that fetches the certificate when no clear-text Certificate message was seen (TLS 1.3 only).</summary>
    public Func<CancellationToken, Task<IReadOnlyList<byte[]>>>? FetchCertificate { get; init; }

    /// <summary>Also enumerate every signature scheme accepted per protocol (TLS 1.2, TLS 1.3) and certificate type (scan --sigalgs).</summary>
    public bool EnumerateSignatureAlgorithms { get; init; }

    public async Task<ScanResult> ScanAsync(TargetInfo target, CancellationToken ct)
    {
        var started = _time.GetTimestamp();
        SystemTrustIndex.Prefetch();
        // The first hello and the seven that follow it at once: their connections open while the hellos are built.
        prober.Prewarm(8);
        var first = await LivenessAsync(ct).ConfigureAwait(false);
        if (first.Failure is { } f0 && (f0.IsConnectivity || f0 is ProbeFailure.NotTls or ProbeFailure.Timeout))
            return Failed(target, f0, started);

        var chains = StartChains(first, target, ct);
        var kinds = await PerCertificatePassAsync(chains, ct).ConfigureAwait(false);

        // Groups under TLS 1.2 start now; certificates are known once the per-type pass is done: analyse them, and send the
        // TLS 1.3 hellos for the types no TLS ≤ 1.2 handshake showed, alongside the order, group and fallback probes.
        var groups12Task = EnumerateTls12GroupsAsync(kinds.ByVersion[TlsVersion.Tls12], chains.GroupTracker, ct);
        var (tls13, groups13) = await chains.Tls13.ConfigureAwait(false);
        var certificatesTask = Task.Run(() => CertificatesAsync(kinds.ByVersion, tls13, groups13, target, chains.FirstCertificate, ct), ct);
        // --sigalgs: the chains need the certificate types only, so they start with the probes below, not after them.
        var acceptedTask = EnumerateSignatureAlgorithms
            ? Task.Run(async () => (IReadOnlyList<SignatureAlgorithmsAccepted>?)await EnumerateSignatureAlgorithmsAsync(kinds.ByVersion[TlsVersion.Tls12],
                tls13, groups13, (await certificatesTask.ConfigureAwait(false)).Certificates, ct).ConfigureAwait(false), ct)
            : Task.FromResult<IReadOnlyList<SignatureAlgorithmsAccepted>?>(null);
        var order = await OrderAlpnFallbackAsync(kinds, tls13, chains, ct).ConfigureAwait(false);
        var groups12 = await groups12Task.ConfigureAwait(false);
        var sslv2 = await chains.Sslv2.ConfigureAwait(false);
        var certificates = await certificatesTask.ConfigureAwait(false);
        var accepted = await acceptedTask.ConfigureAwait(false);

        return ScanAssembly.Assemble(new ScanParts
        {
            Target = target,
            FirstAnswerVersion = first.Answer?.Version,
            FirstFailure = first.Failure,
            Sslv2 = sslv2,
            Legacy = order.Legacy,
            Tls13 = tls13,
            ServerOrder = order.ServerOrder,
            ChaChaPriority = order.ChaChaPriority,
            HiddenKinds = kinds.HiddenKinds,
            Groups12 = groups12,
            Groups13 = groups13,
            Alpn = order.Alpn,
            Fallback = order.Fallback,
            Certificates = WithSslv2Certificate(certificates.Certificates, sslv2, target),
            CertificateNotes = certificates.Notes,
            SignatureAlgorithmsAccepted = accepted,
            Losses = prober.Losses,
            ProtocolViolations = prober.Violations,
            Stats = new ScanStats(prober.Handshakes, (long)_time.GetElapsedTime(started).TotalMilliseconds),
            Now = _time.GetUtcNow(),
        });
    }

    /// <summary>
    /// One hello that any TLS server answers: it seeds the TLS 1.3 or the TLS 1.2 enumeration and tells quickly whether the
    /// endpoint speaks TLS at all.
    /// </summary>
    private Task<ProbeOutcome> LivenessAsync(CancellationToken ct)
    {
        var liveness = new HelloSpec
        {
            Version = TlsVersion.Tls13,
            SupportedVersions = [TlsVersion.Tls13, TlsVersion.Tls12],
            CipherSuites = [.. ScanCandidates.Tls13Suites, .. ScanCandidates.Suites(TlsVersion.Tls12)],
            Groups = ScanCandidates.Tls13Groups.Concat(ScanCandidates.Tls12Groups).Distinct().ToList(),
            KeyShareGroups = ScanCandidates.KeyShares,
            SignatureAlgorithms = ScanCandidates.SignatureAlgorithms,
            ServerName = serverName,
        };
        return SuiteEnumerator.ProbeWithRetryAsync(prober, liveness, ct);
    }

    /// <summary>What the first hello starts at once, in flight together.</summary>
    /// <param name="Tls13">The TLS 1.3 suites and groups.</param>
    /// <param name="Sslv2">The SSLv2 probe.</param>
    /// <param name="Legacy">One suite chain per protocol of <see cref="EndpointScanner.Legacy"/>.</param>
    /// <param name="GroupTracker">The groups the TLS 1.2 chain saw on the way.</param>
    /// <param name="EarlyKind">The other certificate type than the one the first (TLS 1.2) answer showed, and its probe.</param>
    /// <param name="EarlyOrders">Each protocol's server-order probe, sent as soon as its chain ends.</param>
    /// <param name="EarlyFallback">The fallback probe, sent as soon as the second-highest protocol is known.</param>
    /// <param name="FirstCertificate">The first answer's chain and its analysis, made while the probes run.</param>
    private sealed record Chains(
        Task<(SuiteEnumeration Suites, GroupEnumeration Groups)> Tls13,
        Task<Sslv2Outcome> Sslv2,
        IReadOnlyList<Task<LegacyChain>> Legacy,
        GroupTracker GroupTracker,
        (CertificateKind Kind, Task<ProbeOutcome> Probe)? EarlyKind,
        IReadOnlyList<Task<EarlyOrder?>> EarlyOrders,
        Task<EarlyFallback?> EarlyFallback,
        Task<(IReadOnlyList<byte[]> Chain, CertificateInfo Info)?> FirstCertificate);

    /// <summary>A protocol's suite chain; for TLS 1.2 also its ephemeral half and the order probe sent with its merge hello.</summary>
    private sealed record LegacyChain(SuiteEnumeration Suites, IReadOnlyList<ushort>? Ephemeral = null, OrderProbe? MergeOrder = null);

    /// <summary>A server-order probe in flight for <paramref name="Suites"/>.</summary>
    private sealed record OrderProbe(IReadOnlyList<ushort> Suites, Task<(bool? ServerOrder, ServerAnswer? Answer, bool ChaChaPriority)> Result);

    /// <summary>An order probe sent early, at the place <paramref name="Index"/> among the order probes (which decides its ALPN name).</summary>
    private sealed record EarlyOrder(int Index, OrderProbe Probe);

    /// <summary>A fallback probe sent early, below <paramref name="Below"/>'s suites.</summary>
    private sealed record EarlyFallback(TlsVersion Below, IReadOnlyList<ushort> Suites, Task<bool?> Probe);

    private Chains StartChains(ProbeOutcome first, TargetInfo target, CancellationToken ct)
    {
        // A server that answers a hello offering TLS 1.3 (every TLS 1.3 suite and group) with an earlier
        // version does not support TLS 1.3 (RFC 8446 section 4.2.1): no separate TLS 1.3 probe is needed.
        // The first chain is analysed while the probes are in flight (a chain the system store may anchor loads that store,
        // once per process); CertificatesAsync reuses the result.
        var firstCertificate = first.Answer is { Certificates.Count: > 0 } wa
            ? Task.Run(() => CertificateAnalyzer.Analyze(wa.Certificates, "any", target.Sni ?? target.Host, _time.GetUtcNow()) is { } info
                ? (wa.Certificates, info) : ((IReadOnlyList<byte[]>, CertificateInfo)?)null, ct)
            : Task.FromResult<(IReadOnlyList<byte[]>, CertificateInfo)?>(null);
        var tls13Task = first.Answer is { } a0 && a0.Version < TlsVersion.Tls13
            ? Task.FromResult((new SuiteEnumeration([], [], null, true, false, []), new GroupEnumeration([], false, [])))
            : ScanTls13Async(first.Answer?.Version == TlsVersion.Tls13 ? first : null, ct);
        var sslv2Task = prober.ProbeSslv2Async(ct);
        var tracker = new GroupTracker();
        IReadOnlyList<Task<LegacyChain>> legacyTasks = Legacy.Select(v => EnumerateLegacyAsync(v,
            v == TlsVersion.Tls12 && first.Answer?.Version == TlsVersion.Tls12 ? first : null, v == TlsVersion.Tls12 ? tracker : null, ct)).ToList();
        // The other certificate type is checked at once, alongside the chains, with a single hello of only its suites and
        // signature schemes at TLS 1.2: it seeds the per-type pass instead of waiting for the chains.
        var earlyKind = first.Answer is { Version: var fv } fa && fv == TlsVersion.Tls12 ? CertificateKinds.OfSuite(fa.CipherSuite) switch
        {
            CertificateKind.Rsa => CertificateKind.Ecdsa,
            CertificateKind.Ecdsa => CertificateKind.Rsa,
            _ => (CertificateKind?)null,
        } : null;
        (CertificateKind, Task<ProbeOutcome>)? early = earlyKind is { } ek
            ? (ek, SuiteEnumerator.ProbeWithRetryAsync(prober, KindHello(TlsVersion.Tls12, ek) with { CipherSuites = KindCandidates(TlsVersion.Tls12, ek, []) }, ct))
            : null;
        // Each protocol's server-order probe, and the fallback probe, start as soon as the chains they depend on end, instead of
        // after the TLS 1.2 merge; they are used only when the final suites and hello are the same (otherwise re-sent).
        var earlyOrders = Legacy.Select((v, i) => EarlyOrderAsync(i, legacyTasks, ct)).ToList();
        var earlyFallback = EarlyFallbackAsync(tls13Task, legacyTasks, first.Answer?.Version, ct);
        return new Chains(tls13Task, sslv2Task, legacyTasks, tracker, early, earlyOrders, earlyFallback, firstCertificate);
    }

    /// <summary>The legacy protocols' suites after the per-certificate pass, the types it revealed, and the highest legacy protocol.</summary>
    private sealed record KindPass(IReadOnlyDictionary<TlsVersion, SuiteEnumeration> ByVersion, IReadOnlyList<CertificateKind> HiddenKinds, TlsVersion? Top);

    /// <summary>
    /// Per certificate type: a server holding RSA and ECDSA certificates picks one per hello (by signature algorithms and
    /// suites) and then offers only that type's suites. Each protocol that did not show a type is offered that type's suites
    /// alone, with only its signature schemes. A type absent at the highest legacy version is taken as absent everywhere
    /// (certificates do not depend on the version).
    /// </summary>
    private async Task<KindPass> PerCertificatePassAsync(Chains chains, CancellationToken ct)
    {
        var legacy = await Task.WhenAll(chains.Legacy).ConfigureAwait(false);
        var byVersion = Legacy.Zip(legacy).ToDictionary(p => p.First, p => p.Second.Suites);
        var ephemeral12 = legacy[Array.IndexOf(Legacy, TlsVersion.Tls12)].Ephemeral;
        // A server holding both certificate types may hide one type's suites from the ephemeral half of the TLS 1.2 split (it
        // picks the certificate by the signature algorithms), while the other half shows that type through RSA key exchange:
        // for such a server the per-type pass judges TLS 1.2 by the ephemeral half alone.
        var earlyAnswerKind = chains.EarlyKind is not { } ek ? null
            : (await ek.Probe.ConfigureAwait(false)).Answer is { } ea && ea.Version == TlsVersion.Tls12 ? CertificateKinds.OfSuite(ea.CipherSuite) : null;
        var multiKind = byVersion[TlsVersion.Tls12].Suites.Select(CertificateKinds.OfSuite).Append(earlyAnswerKind)
            .Where(k => k is not null).Distinct().Count() > 1;
        // No ephemeral suite at all while the other half found some: a server holding an ECDSA certificate but only RSA suites
        // (haproxy picks the certificate by the client's signature algorithms and ECDHE-ECDSA offer, then has no suite for it)
        // hides its ECDHE-RSA suites from the combined pass; the per-type pass then judges TLS 1.2 by the ephemeral half too.
        var hiddenEphemeral = ephemeral12 is { Count: 0 } && byVersion[TlsVersion.Tls12].IsSupported;

        var top = Legacy.Reverse().FirstOrDefault(v => byVersion[v].IsSupported);
        var hiddenKinds = new List<CertificateKind>();
        if (top == default) return new KindPass(byVersion, hiddenKinds, null);
        foreach (var kind in new[] { CertificateKind.Ecdsa, CertificateKind.Rsa })
        {
            bool IsKind(ushort s) => CertificateKinds.OfSuite(s) == kind;
            bool Shows(TlsVersion v) => (v == TlsVersion.Tls12 && (multiKind || hiddenEphemeral) && ephemeral12 is { } eph ? eph : byVersion[v].Suites).Any(IsKind);
            var exists = Legacy.Any(v => byVersion[v].Suites.Any(IsKind));
            if (!Shows(top))
            {
                // Suites of this type already found (TLS 1.2, through RSA key exchange) are merged with the pass's by the server's order.
                var knownOfKind = byVersion[top].Suites.Where(IsKind).ToList();
                var seed = top == TlsVersion.Tls12 && chains.EarlyKind is { } e && e.Kind == kind ? await e.Probe.ConfigureAwait(false) : null;
                if (seed?.Answer is { } sa && knownOfKind.Contains(sa.CipherSuite)) seed = null;
                var more = await EnumerateKindAsync(top, kind, byVersion[top], ct, seed).ConfigureAwait(false);
                if (more.Suites.Count > 0)
                {
                    exists = true;
                    hiddenKinds.Add(kind);
                    if (knownOfKind.Count == 0) byVersion[top] = Merge(byVersion[top], more);
                    else
                    {
                        var mergedKind = await MergeByServerAsync(KindHello(top, kind), more.Suites, knownOfKind, ct).ConfigureAwait(false);
                        var known = byVersion[top];
                        byVersion[top] = known with
                        {
                            Suites = [.. known.Suites.Where(s => !knownOfKind.Contains(s)), .. mergedKind],
                            Answers = [.. known.Answers, .. more.Answers],
                            Notes = [.. known.Notes, .. more.Notes],
                        };
                    }
                }
            }
            if (!exists) continue;
            var lower = Legacy.Where(v => v != top && byVersion[v].IsSupported && !Shows(v)).ToList();
            var results = await Task.WhenAll(lower.Select(v => EnumerateKindAsync(v, kind, byVersion[v], ct))).ConfigureAwait(false);
            foreach (var (v, more) in lower.Zip(results))
            {
                if (more.Suites.Count == 0) continue;
                if (!hiddenKinds.Contains(kind)) hiddenKinds.Add(kind);
                byVersion[v] = Merge(byVersion[v], more);
            }
        }
        return new KindPass(byVersion, hiddenKinds, top);
    }

    /// <summary>Server order per protocol, ALPN and the fallback verdict; the legacy suites, TLS 1.2 re-sorted when the client's order wins.</summary>
    private sealed record OrderPass(
        IReadOnlyDictionary<TlsVersion, SuiteEnumeration> Legacy,
        IReadOnlyDictionary<TlsVersion, bool?> ServerOrder,
        IReadOnlySet<TlsVersion> ChaChaPriority,
        IReadOnlyList<string> Alpn,
        bool? Fallback);

    /// <summary>
    /// Server order per protocol and fallback: independent, run together. The order probes also carry one ALPN name each, so
    /// ALPN costs no handshake when there are two of them. Probes sent early are used when their hello proves right.
    /// </summary>
    private async Task<OrderPass> OrderAlpnFallbackAsync(KindPass kinds, SuiteEnumeration tls13, Chains chains, CancellationToken ct)
    {
        var byVersion = new Dictionary<TlsVersion, SuiteEnumeration>(kinds.ByVersion);
        var orderHellos = Legacy.Reverse().Where(v => byVersion[v].Suites.Count >= 2)
            .Select(v => (Version: v, Hello: LegacyHello(v), Suites: byVersion[v].Suites)).ToList();
        if (tls13.Suites.Count >= 2) orderHellos.Add((TlsVersion.Tls13, Tls13Hello(), tls13.Suites));
        var early = await Task.WhenAll(chains.EarlyOrders).ConfigureAwait(false);
        var orderTasks = orderHellos.Select((o, i) =>
            o.Version != TlsVersion.Tls13 && early[Array.IndexOf(Legacy, o.Version)] is { } e && AlpnSlot(e.Index) == AlpnSlot(i) && e.Probe.Suites.SequenceEqual(o.Suites)
                ? e.Probe.Result
                : ServerOrderDetector.DetectAsync(prober, i < AlpnNames.Length ? o.Hello with { Alpn = [AlpnNames[i]] } : o.Hello, o.Suites, ct)).ToList();
        var fallbackTarget = FallbackTarget(v => byVersion[v], tls13.IsSupported);
        var speculated = await chains.EarlyFallback.ConfigureAwait(false);
        var fallbackTask = fallbackTarget is not { } ft ? Task.FromResult<bool?>(null)
            : speculated is { } sp && sp.Below == ft.Below && sp.Suites.SequenceEqual(ft.Suites) ? sp.Probe
            : ProbeFallbackAsync(ft.Below, ft.Suites, ct);
        var orders = await Task.WhenAll(orderTasks).ConfigureAwait(false);
        var orderBy = orderHellos.Zip(orders).ToDictionary(p => p.First.Version, p => p.Second.ServerOrder);
        var chachaPriority = orderHellos.Zip(orders).Where(p => p.Second.ChaChaPriority).Select(p => p.First.Version).ToHashSet();
        if (orderBy.GetValueOrDefault(TlsVersion.Tls12) == false)
            byVersion[TlsVersion.Tls12] = byVersion[TlsVersion.Tls12] with
            {
                Suites = ClientOrder(byVersion[TlsVersion.Tls12].Suites, ScanCandidates.Suites(TlsVersion.Tls12), kinds.HiddenKinds.Count > 0),
            };
        var alpnByOrderProbe = orders.Take(AlpnNames.Length).Select((o, i) => (Name: AlpnNames[i], Selected: o.Answer?.Alpn == AlpnNames[i])).ToList();
        var alpn = alpnByOrderProbe.Where(a => a.Selected).Select(a => a.Name).ToList();
        var unprobed = AlpnNames.Skip(alpnByOrderProbe.Count).ToList();
        if (unprobed.Count > 0)
            alpn.AddRange(await ProbeAlpnAsync(unprobed, kinds.Top, kinds.Top is { } top ? byVersion[top] : null, tls13, ct).ConfigureAwait(false));
        var fallback = await fallbackTask.ConfigureAwait(false);
        return new OrderPass(byVersion, orderBy, chachaPriority, alpn, fallback);
    }

    /// <summary>The SSLv2 server's certificate, added when no other handshake showed it.</summary>
    private IReadOnlyList<CertificateInfo> WithSslv2Certificate(IReadOnlyList<CertificateInfo> certificates, Sslv2Outcome sslv2, TargetInfo target) =>
        sslv2.Certificate is { Length: > 0 } der
            && !certificates.Any(c => c.Sha256Fingerprint == CertificateAnalyzer.Fingerprint(der))
            && CertificateAnalyzer.Analyze([der], "SSLv2", target.Sni ?? target.Host, _time.GetUtcNow()) is { } info
            ? [.. certificates, info]
            : certificates;

    private ScanResult Failed(TargetInfo target, ProbeFailure failure, long started) => new()
    {
        Target = target,
        Failure = failure,
        Stats = new ScanStats(prober.Handshakes, (long)_time.GetElapsedTime(started).TotalMilliseconds),
    };

    private HelloSpec LegacyHello(TlsVersion v) => new()
    {
        Version = v,
        CipherSuites = [],
        Groups = ScanCandidates.Tls12Groups,
        SignatureAlgorithms = v >= TlsVersion.Tls12 ? ScanCandidates.SignatureAlgorithms : [],
        ServerName = serverName,
    };

    private async Task<LegacyChain> EnumerateLegacyAsync(TlsVersion v, ProbeOutcome? seed, GroupTracker? groups, CancellationToken ct) =>
        v == TlsVersion.Tls12 ? await EnumerateTls12Async(seed, groups, ct).ConfigureAwait(false)
            : new LegacyChain(await SuiteEnumerator.EnumerateAsync(prober, LegacyHello(v), ScanCandidates.Suites(v), ct, seed, groups).ConfigureAwait(false));

    /// <summary>
    /// TLS 1.2, the longest chain: its candidates are split in two by key exchange (ephemeral ECDHE/DHE, and the rest) and
    /// both halves are enumerated at once, which halves the round trips for the usual server. Each half comes out in the
    /// server's order (offer-and-remove); the halves are then merged by asking the server: one hello offering the last suite
    /// of one half before the first of the other tells whether the whole first half ranks above the second (the usual case,
    /// one handshake); otherwise the halves are merged head to head, one hello per step. A server that follows the client's
    /// order is re-sorted later (<see cref="ClientOrder"/>), as the single chain would have listed it. The chain also returns
    /// its ephemeral half (for the per-certificate pass) and the server-order probe sent with the merge hello.
    /// </summary>
    private async Task<LegacyChain> EnumerateTls12Async(ProbeOutcome? seed, GroupTracker? groups, CancellationToken ct)
    {
        var hello = LegacyHello(TlsVersion.Tls12);
        var candidates = ScanCandidates.Suites(TlsVersion.Tls12);
        var ephemeral = candidates.Where(IsEphemeral).ToList();
        var rest = candidates.Where(s => !IsEphemeral(s)).ToList();
        // The seed answered an offer of every candidate: it is the first step of the half holding the suite it chose.
        var seedIn = seed?.Answer is { } sa && sa.Version == TlsVersion.Tls12 ? (IsEphemeral(sa.CipherSuite) ? 0 : 1) : -1;
        var halves = await Task.WhenAll(
            SuiteEnumerator.EnumerateAsync(prober, hello, ephemeral, ct, seedIn == 0 ? seed : null, groups),
            SuiteEnumerator.EnumerateAsync(prober, hello, rest, ct, seedIn == 1 ? seed : null)).ConfigureAwait(false);
        var (a, b) = (halves[0], halves[1]);
        var ephemeral12 = halves[0].Suites;
        if (seedIn == 1) (a, b) = (b, a);   // the half that saw the server's favourite goes first
        if (!b.IsSupported) return new(a with { Answers = [.. a.Answers, .. b.Answers], Notes = [.. a.Notes, .. b.Notes] }, ephemeral12);
        if (!a.IsSupported) return new(b with { Answers = [.. a.Answers, .. b.Answers], Notes = [.. a.Notes, .. b.Notes] }, ephemeral12);
        // The server-order probe goes out with the merge hello, for the merge's usual result; it is used only if that proves right.
        IReadOnlyList<ushort> usual = [.. a.Suites, .. b.Suites];
        var order = new OrderProbe(usual, ServerOrderDetector.DetectAsync(prober, hello with { Alpn = [AlpnNames[0]] }, usual, ct));
        var merged = await MergeByServerAsync(hello, a.Suites, b.Suites, ct).ConfigureAwait(false);
        return new(a with
        {
            Suites = merged,
            Answers = [.. a.Answers, .. b.Answers],
            WasSplit = a.WasSplit || b.WasSplit,
            Notes = [.. a.Notes, .. b.Notes],
        }, ephemeral12, order);
    }

    private static bool IsEphemeral(ushort code) => CipherSuites.Find(code) is { Kx: "ECDH" or "DH" or "ECDHEPSK" or "DHEPSK" };

    /// <summary>Merges two lists, each in the server's order, into one by the server's choices (see <see cref="EnumerateTls12Async"/>).</summary>
    private async Task<IReadOnlyList<ushort>> MergeByServerAsync(HelloSpec hello, IReadOnlyList<ushort> first, IReadOnlyList<ushort> second, CancellationToken ct)
    {
        async Task<ushort?> Pick(ushort x, ushort y) =>
            (await SuiteEnumerator.ProbeWithRetryAsync(prober, hello.WithSuites([x, y]), ct).ConfigureAwait(false)).Answer is { } ans
                && ans.Version == hello.Version ? ans.CipherSuite : null;

        // A server with one total order that prefers the last of the first half to the first of the second prefers all of it.
        var boundary = await Pick(first[^1], second[0]).ConfigureAwait(false);
        if (boundary == first[^1] || boundary is null) return [.. first, .. second];
        var merged = new List<ushort>();
        int i = 0, j = 0;
        while (i < first.Count && j < second.Count)
        {
            var pick = await Pick(first[i], second[j]).ConfigureAwait(false);
            if (pick == first[i]) merged.Add(first[i++]);
            else if (pick == second[j]) merged.Add(second[j++]);
            else break;
        }
        merged.AddRange(first.Skip(i));
        merged.AddRange(second.Skip(j));
        return merged;
    }

    /// <summary>
    /// A server that follows the client's order lists its suites in the order they were offered, as a single chain finds
    /// them (per certificate type when the server hides a type: each type's pass lists its own suites in offered order).
    /// </summary>
    private static IReadOnlyList<ushort> ClientOrder(IReadOnlyList<ushort> suites, IReadOnlyList<ushort> offered, bool perKind)
    {
        var index = new Dictionary<ushort, int>();
        for (var i = 0; i < offered.Count; i++) index.TryAdd(offered[i], i);
        int Rank(ushort s) => index.GetValueOrDefault(s, int.MaxValue);
        if (!perKind) return suites.OrderBy(Rank).ToList();
        return suites.Select(CertificateKinds.OfSuite).Distinct()
            .SelectMany(k => suites.Where(s => CertificateKinds.OfSuite(s) == k).OrderBy(Rank)).ToList();
    }

    private Task<SuiteEnumeration> EnumerateKindAsync(TlsVersion v, CertificateKind kind, SuiteEnumeration known, CancellationToken ct, ProbeOutcome? seed = null) =>
        SuiteEnumerator.EnumerateAsync(prober, KindHello(v, kind), KindCandidates(v, kind, known.Suites), ct, seed);

    private HelloSpec KindHello(TlsVersion v, CertificateKind kind) =>
        LegacyHello(v) with { SignatureAlgorithms = v >= TlsVersion.Tls12 ? ScanCandidates.SignatureAlgorithmsFor(kind) : [] };

    private static IReadOnlyList<ushort> KindCandidates(TlsVersion v, CertificateKind kind, IReadOnlyList<ushort> known) =>
        ScanCandidates.Suites(v).Where(s => CertificateKinds.OfSuite(s) == kind && !known.Contains(s)).ToList();

    private static SuiteEnumeration Merge(SuiteEnumeration a, SuiteEnumeration b) =>
        a with { Suites = [.. a.Suites, .. b.Suites.Where(s => !a.Suites.Contains(s))], Answers = [.. a.Answers, .. b.Answers], Notes = [.. a.Notes, .. b.Notes] };

    private HelloSpec Tls13Hello() => new()
    {
        Version = TlsVersion.Tls13,
        CipherSuites = ScanCandidates.Tls13Suites,
        Groups = ScanCandidates.Tls13Groups,
        KeyShareGroups = ScanCandidates.KeyShares,
        SignatureAlgorithms = ScanCandidates.SignatureAlgorithms,
        ServerName = serverName,
    };

    private Task<(SuiteEnumeration Suites, GroupEnumeration Groups)> ScanTls13Async(ProbeOutcome? seed, CancellationToken ct) =>
        // The liveness hello also offered TLS 1.2 groups; a TLS 1.3 answer can only have chosen a TLS 1.3 group.
        Tls13Enumerator.EnumerateAsync(prober, Tls13Hello(), ScanCandidates.Tls13Suites, ScanCandidates.Tls13Groups, ct, seed);

    private async Task<GroupEnumeration> EnumerateTls12GroupsAsync(SuiteEnumeration tls12, GroupTracker tracker, CancellationToken ct)
    {
        var ecdhe = tls12.Suites.Where(GroupTracker.IsEcdhe).ToList();
        if (ecdhe.Count == 0) return new GroupEnumeration([], false, []);
        if (tracker.IsComplete) return new GroupEnumeration(tracker.Seen, false, []);
        var known = tracker.Seen.Count > 0 ? tracker.Seen
            : tls12.Answers.Where(a => GroupTracker.IsEcdhe(a.CipherSuite) && a.Group is not null).Select(a => a.Group!.Value).Take(1).ToList();
        // RSA-signed ECDHE suites do not tie the group to the certificate; prefer them when the server has them.
        var rsa = ecdhe.Where(s => CertificateKinds.OfSuite(s) == CertificateKind.Rsa).ToList();
        if (rsa.Count > 0)
        {
            var rsaHello = LegacyHello(TlsVersion.Tls12) with { CipherSuites = rsa, SignatureAlgorithms = ScanCandidates.SignatureAlgorithmsFor(CertificateKind.Rsa) };
            return await GroupEnumerator.EnumerateAsync(prober, rsaHello, ScanCandidates.Tls12Groups, known, ct).ConfigureAwait(false);
        }
        var hello = LegacyHello(TlsVersion.Tls12) with { CipherSuites = ecdhe };
        var curve = tls12.Answers.Where(a => a.Certificates.Count > 0 && CertificateKinds.OfSuite(a.CipherSuite) == CertificateKind.Ecdsa)
            .Select(a => CertificateAnalyzer.CurveGroup(a.Certificates[0])).FirstOrDefault(g => g is not null);
        return await GroupEnumerator.EnumerateAsync(prober, hello, ScanCandidates.Tls12Groups, known, ct, curve).ConfigureAwait(false);
    }

    private static int AlpnSlot(int orderIndex) => orderIndex < 2 ? orderIndex : -1;

    /// <summary>
    /// The server-order probe of one legacy protocol, sent as soon as its chain ends. Its place among the order probes (which
    /// decides the ALPN name it carries) counts the higher protocols whose chains are still running as having two suites or
    /// more; the caller uses the result only when that guess and the suites prove right.
    /// </summary>
    private async Task<EarlyOrder?> EarlyOrderAsync(int i, IReadOnlyList<Task<LegacyChain>> chains, CancellationToken ct)
    {
        var chain = await chains[i].ConfigureAwait(false);
        var own = chain.Suites;
        if (own.Suites.Count < 2) return null;
        // TLS 1.2 is always the first order probe (ALPN h2); its probe may already be out with the merge hello.
        if (chain.MergeOrder is { } sent && sent.Suites.SequenceEqual(own.Suites)) return new(0, sent);
        var index = 0;
        for (var h = i + 1; h < chains.Count; h++)
            if (!chains[h].IsCompleted || chains[h].Result.Suites.Suites.Count >= 2) index++;
        var hello = LegacyHello(Legacy[i]);
        if (index < AlpnNames.Length) hello = hello with { Alpn = [AlpnNames[index]] };
        return new(index, new OrderProbe(own.Suites, ServerOrderDetector.DetectAsync(prober, hello, own.Suites, ct)));
    }

    /// <summary>
    /// The fallback probe, sent as soon as the second-highest protocol is known. A protocol whose chain is still running counts
    /// as supported when the first hello was answered with it; the caller uses the result only when the target proves right.
    /// </summary>
    private async Task<EarlyFallback?> EarlyFallbackAsync(
        Task<(SuiteEnumeration Suites, GroupEnumeration Groups)> tls13Task, IReadOnlyList<Task<LegacyChain>> chains, TlsVersion? answered, CancellationToken ct)
    {
        var supported = (await tls13Task.ConfigureAwait(false)).Suites.IsSupported ? 1 : 0;
        for (var i = Legacy.Length - 1; i >= 0; i--)
        {
            var isSupported = supported == 0 && !chains[i].IsCompleted && answered == Legacy[i]
                || (await chains[i].ConfigureAwait(false)).Suites.IsSupported;
            if (!isSupported) continue;
            if (++supported < 2) continue;
            var suites = (await chains[i].ConfigureAwait(false)).Suites.Suites;
            return new(Legacy[i], suites, ProbeFallbackAsync(Legacy[i], suites, ct));
        }
        return null;
    }

    /// <summary>The protocol just below the server's best one, and its suites: where the fallback probe goes (null: none).</summary>
    private static (TlsVersion Below, IReadOnlyList<ushort> Suites)? FallbackTarget(Func<TlsVersion, SuiteEnumeration> byVersion, bool tls13)
    {
        var supported = Legacy.Where(v => byVersion(v).IsSupported).ToList();
        if (tls13) supported.Add(TlsVersion.Tls13);
        if (supported.Count < 2) return null;
        var below = supported[^2];
        if (below == TlsVersion.Tls13) return null;
        return (below, byVersion(below).Suites);
    }

    /// <summary>RFC 7507: a hello below the server's best version carrying TLS_FALLBACK_SCSV must be refused with inappropriate_fallback(86).</summary>
    private async Task<bool?> ProbeFallbackAsync(TlsVersion below, IReadOnlyList<ushort> suites, CancellationToken ct)
    {
        var hello = LegacyHello(below) with { CipherSuites = suites, FallbackScsv = true };
        var outcome = await SuiteEnumerator.ProbeWithRetryAsync(prober, hello, ct).ConfigureAwait(false);
        if (outcome.Failure is ProbeFailure.Alert { Description: 86 }) return true;
        if (outcome.Answer is not null) return false;
        return null;
    }

    /// <summary>Which of <paramref name="names"/> the server selects: one probe per protocol name.</summary>
    private async Task<IReadOnlyList<string>> ProbeAlpnAsync(IReadOnlyList<string> names, TlsVersion? top, SuiteEnumeration? legacy, SuiteEnumeration tls13, CancellationToken ct)
    {
        HelloSpec hello;
        if (legacy is { IsSupported: true } && top is { } v) hello = LegacyHello(v) with { CipherSuites = legacy.Suites };
        else if (tls13.IsSupported) hello = Tls13Hello() with { CipherSuites = tls13.Suites };
        else return [];
        var results = await Task.WhenAll(names.Select(async name =>
        {
            var outcome = await SuiteEnumerator.ProbeWithRetryAsync(prober, hello with { Alpn = [name] }, ct).ConfigureAwait(false);
            return outcome.Answer?.Alpn == name ? name : null;
        })).ConfigureAwait(false);
        return results.Where(n => n is not null).Select(n => n!).ToList();
    }

    /// <summary>The certificates a scan read (without the SSLv2 one) and what it has to say about reading them.</summary>
    private sealed record CertificatePass(IReadOnlyList<CertificateInfo> Certificates, IReadOnlyList<string> Notes);

    /// <summary>The certificates of every answer, then through TLS 1.3 per certificate type no TLS ≤ 1.2 handshake showed.</summary>
    /// <param name="firstCertificate">The first answer's chain and its analysis, made while the probes ran: reused for the same chain.</param>
    private async Task<CertificatePass> CertificatesAsync(IReadOnlyDictionary<TlsVersion, SuiteEnumeration> byVersion, SuiteEnumeration tls13,
        GroupEnumeration groups13, TargetInfo target, Task<(IReadOnlyList<byte[]> Chain, CertificateInfo Info)?> firstCertificate, CancellationToken ct)
    {
        var early = await firstCertificate.ConfigureAwait(false);
        var notes = new List<string>();
        var list = await ReadCertificatesAsync(byVersion, tls13, groups13, target, early, notes, ct).ConfigureAwait(false);
        // A flight cut at the read limit before its Certificate message ended (a 16 MB certificate): say so, instead of no section.
        if (byVersion.Values.SelectMany(e => e.Answers).FirstOrDefault(a => a.CertificateCut) is { } cut && list.Count == 0)
            notes.Add($"certificates: the server's Certificate message does not fit the {Connector.MaxFlightBytes / 1024} KiB read limit of a flight ({cut.Version.Name}); no certificate is shown");
        return new CertificatePass(list, notes);
    }

    private async Task<IReadOnlyList<CertificateInfo>> ReadCertificatesAsync(IReadOnlyDictionary<TlsVersion, SuiteEnumeration> byVersion, SuiteEnumeration tls13,
        GroupEnumeration groups13, TargetInfo target, (IReadOnlyList<byte[]> Chain, CertificateInfo Info)? early, List<string> notes, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var name = target.Sni ?? target.Host;
        var list = new List<CertificateInfo>();
        var seen = new HashSet<string>();
        foreach (var answer in Legacy.Reverse().SelectMany(v => byVersion[v].Answers))
        {
            if (answer.Certificates.Count == 0) continue;
            // Most answers repeat a chain already analysed: its leaf's fingerprint is already listed, so skip the chain building.
            var fingerprint = CertificateAnalyzer.Fingerprint(answer.Certificates[0]);
            if (seen.Contains(fingerprint)) continue;
            var kind = CertificateKinds.OfSuite(answer.CipherSuite) is { } k ? CertificateKinds.Label(k) : "other";
            var info = early is { } e && e.Chain.Count == answer.Certificates.Count && e.Chain.Zip(answer.Certificates).All(p => p.First.AsSpan().SequenceEqual(p.Second))
                ? e.Info with { PresentedFor = kind }
                : CertificateAnalyzer.Analyze(answer.Certificates, kind, name, now);
            if (info is null || !seen.Add(info.Sha256Fingerprint)) continue;
            list.Add(info);
        }
        if (!tls13.IsSupported || FetchCertificate is null) return list;

        // TLS 1.3 encrypts the Certificate message. Each certificate type no TLS ≤ 1.2 handshake showed gets one TLS 1.3 hello
        // offering only that type's signature schemes (RFC 8446 section 4.4.2.2: the server picks the certificate by
        // signature_algorithms), read through the handshake keys; all at once. A type the server does not hold is refused.
        var shown = list.Select(c => CertificateKinds.OfCertificateKey(c.KeyType)).ToHashSet();
        var missing = CertificateKinds.All.Where(k => !shown.Contains(k)).ToList();
        var flights = await Task.WhenAll(missing.Select(kind =>
            prober.ProbeTls13FlightAsync(Tls13FlightHello(ScanCandidates.SignatureAlgorithmsFor(kind), tls13.Suites, groups13.Groups), ct))).ConfigureAwait(false);
        foreach (var (kind, flight) in missing.Zip(flights))
        {
            if (flight.Certificates.Count == 0) continue;
            // A server that ignores signature_algorithms may send its only certificate to both hellos: label by the key.
            var presentedFor = CertificateKinds.OfScheme(flight.SignatureScheme) == kind ? CertificateKinds.Label(kind) : "any";
            if (CertificateAnalyzer.Analyze(flight.Certificates, presentedFor, name, now) is { } info && seen.Add(info.Sha256Fingerprint)) list.Add(info);
        }
        if (list.Count > 0) return list;
        // Neither type answered (a key type other than RSA and ECDSA, or a group this client cannot compute): the platform stack.
        var chain = await FetchCertificate(ct).ConfigureAwait(false);
        if (CertificateAnalyzer.Analyze(chain, "any", name, now) is { } any)
        {
            list.Add(any);
            notes.Add("certificates: TLS 1.3 only, and neither an RSA nor an ECDSA certificate could be read per type; the certificate of one default handshake is shown");
        }
        else notes.Add("certificates: TLS 1.3 only, and no certificate could be read: neither an RSA nor an ECDSA one per type, nor one from a default handshake");
        return list;
    }

    /// <summary>
    /// scan --sigalgs: one offer-and-remove chain over signature_algorithms per protocol (TLS 1.2 with the server's ECDHE/DHE
    /// suites of the type, TLS 1.3 through the handshake keys) and per certificate type the scan found; all chains at once.
    /// </summary>
    private async Task<IReadOnlyList<SignatureAlgorithmsAccepted>> EnumerateSignatureAlgorithmsAsync(SuiteEnumeration tls12, SuiteEnumeration tls13,
        GroupEnumeration groups13, IReadOnlyList<CertificateInfo> certificates, CancellationToken ct)
    {
        var kinds = CertificateKinds.All.Where(k => tls12.Suites.Any(s => CertificateKinds.OfSuite(s) == k)
            || certificates.Any(c => CertificateKinds.OfCertificateKey(c.KeyType) == k)).ToList();
        var chains = new List<Task<SignatureAlgorithmsAccepted>>();
        foreach (var kind in kinds)
        {
            if (tls12.IsSupported && tls12.Suites.Any(s => CertificateKinds.OfSuite(s) == kind))
            {
                // Only a signed ServerKeyExchange shows the scheme: ECDHE and DHE suites (RFC 5246 section 7.4.3).
                var signed = tls12.Suites.Where(s => CertificateKinds.OfSuite(s) == kind && CipherSuites.Find(s) is { Kx: "ECDH" or "DH" }).ToList();
                chains.Add(signed.Count == 0
                    ? Task.FromResult(new SignatureAlgorithmsAccepted(TlsVersion.Tls12.Name, CertificateKinds.Label(kind), [])
                        { Note = "not observable: the server accepts no ECDHE or DHE suite for this certificate type, so nothing is signed" })
                    : SignatureAlgorithmEnumerator.EnumerateAsync(prober, LegacyHello(TlsVersion.Tls12) with
                    {
                        CipherSuites = signed,
                        SignatureAlgorithmsCert = ScanCandidates.SignatureAlgorithms,
                        RequestFeatures = false,
                    }, kind, ct));
            }
            if (tls13.IsSupported)
                chains.Add(SignatureAlgorithmEnumerator.EnumerateAsync(prober, Tls13FlightHello([], tls13.Suites, groups13.Groups), kind, ct));
        }
        return await Task.WhenAll(chains).ConfigureAwait(false);
    }

    /// <summary>
    /// A TLS 1.3 hello whose flight can be read through its encryption: the suites the server accepts (that this client decrypts),
    /// one group the server accepts (that this client computes) with its key share, so that the server answers without a
    /// HelloRetryRequest, and <paramref name="schemes"/> as signature_algorithms. Certificates are not restricted
    /// (signature_algorithms_cert lists every scheme), only the key that signs the handshake.
    /// </summary>
    private HelloSpec Tls13FlightHello(IReadOnlyList<ushort> schemes, IReadOnlyList<ushort> suites, IReadOnlyList<ushort> groups)
    {
        var readable = suites.Where(Tls13FlightReader.Suites.Contains).ToList();
        var group = groups.FirstOrDefault(Tls13FlightReader.KeyExchangeGroups.Contains);
        IReadOnlyList<ushort> offered = group != 0 ? [group] : [0x001D, 0x0017];
        return Tls13Hello() with
        {
            CipherSuites = readable.Count > 0 ? readable : Tls13FlightReader.Suites,
            Groups = offered,
            KeyShareGroups = offered,
            SignatureAlgorithms = schemes,
            SignatureAlgorithmsCert = ScanCandidates.SignatureAlgorithms,
        };
    }
}
