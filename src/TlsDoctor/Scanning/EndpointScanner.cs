using TlsDoctor.Registry;

namespace TlsDoctor.Scanning;

/// <summary>
/// Scans one endpoint through an <see cref="IHandshakeProber"/>: protocols, suites per protocol and per
/// certificate type, server order, groups, features; then certificates, findings and the summary.
/// Independent enumerations run concurrently; the prober bounds the connections.
/// </summary>
public sealed class EndpointScanner(IHandshakeProber network, string? serverName, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    /// <summary>Every probe goes through it: it tells when answers were lost (the result is then incomplete) or the protocol broken.</summary>
    private readonly AnswerWatch prober = new(network);
    /// <summary>The suites the ephemeral (ECDHE/DHE) half of the TLS 1.2 split found.</summary>
    private IReadOnlyList<ushort>? _ephemeral12;
    /// <summary>The TLS 1.2 server-order probe sent with the merge hello, for the usual merge result (the first half above the second).</summary>
    private (IReadOnlyList<ushort> Suites, Task<(bool? ServerOrder, ServerAnswer? Answer, bool ChaChaPriority)> Order)? _earlyOrder12;
    private static readonly TlsVersion[] Legacy = [TlsVersion.SSLv3, TlsVersion.Tls10, TlsVersion.Tls11, TlsVersion.Tls12];

    /// <summary>A full handshake that fetches the certificate when no clear-text Certificate message was seen (TLS 1.3 only).</summary>
    public Func<CancellationToken, Task<IReadOnlyList<byte[]>>>? FetchCertificate { get; init; }

    /// <summary>Also enumerate every signature scheme accepted per protocol (TLS 1.2, TLS 1.3) and certificate type (scan --sigalgs).</summary>
    public bool EnumerateSignatureAlgorithms { get; init; }

    public async Task<ScanResult> ScanAsync(TargetInfo target, CancellationToken ct)
    {
        var started = _time.GetTimestamp();
        var notes = new List<string>();
        SystemTrustIndex.Prefetch();
        // The first hello and the seven that follow it at once: their connections open while the hellos are built.
        prober.Prewarm(8);

        // One hello that any TLS server answers: it seeds the TLS 1.3 or the TLS 1.2 enumeration and tells
        // quickly whether the endpoint speaks TLS at all.
        var tls12Suites = ScanCandidates.Suites(TlsVersion.Tls12);
        var liveness = new HelloSpec
        {
            Version = TlsVersion.Tls13,
            SupportedVersions = [TlsVersion.Tls13, TlsVersion.Tls12],
            CipherSuites = [.. ScanCandidates.Tls13Suites, .. tls12Suites],
            Groups = ScanCandidates.Tls13Groups.Concat(ScanCandidates.Tls12Groups).Distinct().ToList(),
            KeyShareGroups = ScanCandidates.KeyShares,
            SignatureAlgorithms = ScanCandidates.SignatureAlgorithms,
            ServerName = serverName,
        };
        // Whatever it answers, seven probes follow at once (SSLv2; SSLv3, TLS 1.0, TLS 1.1, both TLS 1.2 chains, and the other
        // certificate type or the TLS 1.3 chain): their connections were opened above.
        var first = await SuiteEnumerator.ProbeWithRetryAsync(prober, liveness, ct).ConfigureAwait(false);
        if (first.Failure is { } f0 && (f0.IsConnectivity || f0 is ProbeFailure.NotTls or ProbeFailure.Timeout))
            return Failed(target, f0, started);

        // A server that answers a hello offering TLS 1.3 (every TLS 1.3 suite and group) with an earlier
        // version does not support TLS 1.3 (RFC 8446 section 4.2.1): no separate TLS 1.3 probe is needed.
        // The first chain is analysed while the probes are in flight (a chain the system store may anchor loads that store,
        // once per process); CertificatesAsync reuses the result.
        var firstCertificate = first.Answer is { Certificates.Count: > 0 } wa
            ? Task.Run(() => CertificateAnalyzer.Analyze(wa.Certificates, "any", target.Sni ?? target.Host, _time.GetUtcNow()), ct)
            : Task.FromResult<CertificateInfo?>(null);
        var tls13Task = first.Answer is { } a0 && a0.Version < TlsVersion.Tls13
            ? Task.FromResult((new SuiteEnumeration([], [], null, true, false, []), new GroupEnumeration([], false, [])))
            : ScanTls13Async(first.Answer?.Version == TlsVersion.Tls13 ? first : null, ct);
        var sslv2Task = prober.ProbeSslv2Async(ct);
        var tracker = new GroupTracker();
        IReadOnlyList<Task<SuiteEnumeration>> legacyTasks = Legacy.Select(v => EnumerateLegacyAsync(v,
            v == TlsVersion.Tls12 && first.Answer?.Version == TlsVersion.Tls12 ? first : null, v == TlsVersion.Tls12 ? tracker : null, ct)).ToList();
        // The other certificate type is checked at once, alongside the chains, with a single hello of only its suites and
        // signature schemes at TLS 1.2: it seeds the per-type pass below instead of waiting for the chains.
        var earlyKind = first.Answer is { Version: var fv } fa && fv == TlsVersion.Tls12
            ? ScanCandidates.CertificateKindOf(fa.CipherSuite) switch { "rsa" => "ecdsa", "ecdsa" => "rsa", _ => null } : null;
        var earlyKindTask = earlyKind is null ? null
            : SuiteEnumerator.ProbeWithRetryAsync(prober, KindHello(TlsVersion.Tls12, earlyKind) with { CipherSuites = KindCandidates(TlsVersion.Tls12, earlyKind, []) }, ct);
        // Each protocol's server-order probe, and the fallback probe, start as soon as the chains they depend on end, instead of
        // after the TLS 1.2 merge; they are used below only when the final suites and hello are the same (otherwise re-sent).
        var earlyOrders = Legacy.Select((v, i) => EarlyOrderAsync(i, legacyTasks, ct)).ToList();
        var earlyFallback = EarlyFallbackAsync(tls13Task, legacyTasks, first.Answer?.Version, ct);
        var legacy = await Task.WhenAll(legacyTasks).ConfigureAwait(false);
        var byVersion = Legacy.Zip(legacy).ToDictionary(p => p.First, p => p.Second);
        // A server holding both certificate types may hide one type's suites from the ephemeral half of the TLS 1.2 split (it
        // picks the certificate by the signature algorithms), while the other half shows that type through RSA key exchange:
        // for such a server the per-type pass below judges TLS 1.2 by the ephemeral half alone.
        var earlyAnswerKind = earlyKindTask is null ? null
            : (await earlyKindTask.ConfigureAwait(false)).Answer is { } ea && ea.Version == TlsVersion.Tls12 ? ScanCandidates.CertificateKindOf(ea.CipherSuite) : null;
        var multiKind = byVersion[TlsVersion.Tls12].Suites.Select(ScanCandidates.CertificateKindOf).Append(earlyAnswerKind)
            .Where(k => k is "rsa" or "ecdsa").Distinct().Count() > 1;
        // No ephemeral suite at all while the other half found some: a server holding an ECDSA certificate but only RSA suites
        // (haproxy picks the certificate by the client's signature algorithms and ECDHE-ECDSA offer, then has no suite for it)
        // hides its ECDHE-RSA suites from the combined pass; the per-type pass then judges TLS 1.2 by the ephemeral half too.
        var hiddenEphemeral = _ephemeral12 is { Count: 0 } && byVersion[TlsVersion.Tls12].IsSupported;

        // Per certificate type: a server holding RSA and ECDSA certificates picks one per hello (by signature
        // algorithms and suites) and then offers only that type's suites. Each protocol that did not show a
        // type is offered that type's suites alone, with only its signature schemes. A type absent at the
        // highest legacy version is taken as absent everywhere (certificates do not depend on the version).
        var top = Legacy.Reverse().FirstOrDefault(v => byVersion[v].IsSupported);
        var hiddenKinds = new List<string>();
        if (top != default)
        {
            foreach (var kind in new[] { "ecdsa", "rsa" })
            {
                bool IsKind(ushort s) => ScanCandidates.CertificateKindOf(s) == kind;
                bool Shows(TlsVersion v) => (v == TlsVersion.Tls12 && (multiKind || hiddenEphemeral) && _ephemeral12 is { } eph ? eph : byVersion[v].Suites).Any(IsKind);
                var exists = Legacy.Any(v => byVersion[v].Suites.Any(IsKind));
                if (!Shows(top))
                {
                    // Suites of this type already found (TLS 1.2, through RSA key exchange) are merged with the pass's by the server's order.
                    var knownOfKind = byVersion[top].Suites.Where(IsKind).ToList();
                    var seed = top == TlsVersion.Tls12 && kind == earlyKind && earlyKindTask is not null ? await earlyKindTask.ConfigureAwait(false) : null;
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
                            var e = byVersion[top];
                            byVersion[top] = e with
                            {
                                Suites = [.. e.Suites.Where(s => !knownOfKind.Contains(s)), .. mergedKind],
                                Answers = [.. e.Answers, .. more.Answers],
                                Notes = [.. e.Notes, .. more.Notes],
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
        }
        foreach (var kind in hiddenKinds)
            notes.Add($"{kind.ToUpperInvariant()} suites appear only when the client offers no other certificate type's suites or signature algorithms: the server holds several certificates and picks one per hello; suite order is per certificate type");

        // Server order per protocol, groups under TLS 1.2, fallback: independent, run together. The order
        // probes also carry one ALPN name each, so ALPN costs no handshake when there are two of them.
        var tls12 = byVersion[TlsVersion.Tls12];
        var groups12Task = EnumerateTls12GroupsAsync(tls12, tracker, ct);
        var (tls13, groups13) = await tls13Task.ConfigureAwait(false);
        // Certificates are known once the per-type pass is done: analyse them, and send the TLS 1.3 hellos for the types no
        // TLS ≤ 1.2 handshake showed, alongside the order, group and fallback probes (on a copy: those may re-sort TLS 1.2).
        var certificateNotes = new List<string>();
        var certificateAnswers = new Dictionary<TlsVersion, SuiteEnumeration>(byVersion);
        var certificatesTask = Task.Run(async () =>
        {
            var early = await firstCertificate.ConfigureAwait(false) is { } info ? (first.Answer!.Certificates, info) : ((IReadOnlyList<byte[]>, CertificateInfo)?)null;
            return await CertificatesAsync(certificateAnswers, tls13, groups13, target, early, certificateNotes, ct).ConfigureAwait(false);
        }, ct);
        // --sigalgs: the chains need the certificate types only, so they start with the probes below, not after them.
        var acceptedTask = EnumerateSignatureAlgorithms
            ? Task.Run(async () => (IReadOnlyList<SignatureAlgorithmsAccepted>?)await EnumerateSignatureAlgorithmsAsync(certificateAnswers[TlsVersion.Tls12],
                tls13, groups13, await certificatesTask.ConfigureAwait(false), ct).ConfigureAwait(false), ct)
            : Task.FromResult<IReadOnlyList<SignatureAlgorithmsAccepted>?>(null);
        var orderHellos = Legacy.Reverse().Where(v => byVersion[v].Suites.Count >= 2)
            .Select(v => (Version: v, Hello: LegacyHello(v), Suites: byVersion[v].Suites)).ToList();
        if (tls13.Suites.Count >= 2) orderHellos.Add((TlsVersion.Tls13, Tls13Hello(), tls13.Suites));
        string[] alpnNames = ["h2", "http/1.1"];
        var early = await Task.WhenAll(earlyOrders).ConfigureAwait(false);
        var orderTasks = orderHellos.Select((o, i) =>
            o.Version != TlsVersion.Tls13 && early[Array.IndexOf(Legacy, o.Version)] is { } e && AlpnSlot(e.Index) == AlpnSlot(i) && e.Suites.SequenceEqual(o.Suites)
                ? e.Order
                : ServerOrderDetector.DetectAsync(prober, i < alpnNames.Length ? o.Hello with { Alpn = [alpnNames[i]] } : o.Hello, o.Suites, ct)).ToList();
        var sslv2 = await sslv2Task.ConfigureAwait(false);
        var fallbackTarget = FallbackTarget(v => byVersion[v], tls13.IsSupported);
        var speculated = await earlyFallback.ConfigureAwait(false);
        var fallbackTask = fallbackTarget is not { } ft ? Task.FromResult<bool?>(null)
            : speculated is { } sp && sp.Below == ft.Below && sp.Suites.SequenceEqual(ft.Suites) ? sp.Probe
            : ProbeFallbackAsync(ft.Below, ft.Suites, ct);
        var orders = await Task.WhenAll(orderTasks).ConfigureAwait(false);
        var orderBy = orderHellos.Zip(orders).ToDictionary(p => p.First.Version, p => p.Second.ServerOrder);
        var chachaPriority = orderHellos.Zip(orders).Where(p => p.Second.ChaChaPriority).Select(p => p.First.Version).ToHashSet();
        if (orderBy.GetValueOrDefault(TlsVersion.Tls12) == false)
            byVersion[TlsVersion.Tls12] = byVersion[TlsVersion.Tls12] with
            {
                Suites = ClientOrder(byVersion[TlsVersion.Tls12].Suites, ScanCandidates.Suites(TlsVersion.Tls12), hiddenKinds.Count > 0),
            };
        var alpnByOrderProbe = orders.Take(alpnNames.Length).Select((o, i) => (Name: alpnNames[i], Selected: o.Answer?.Alpn == alpnNames[i])).ToList();
        var alpn = alpnByOrderProbe.Where(a => a.Selected).Select(a => a.Name).ToList();
        var unprobed = alpnNames.Skip(alpnByOrderProbe.Count).ToList();
        if (unprobed.Count > 0)
            alpn.AddRange(await ProbeAlpnAsync(unprobed, top != default ? top : null, top != default ? byVersion[top] : null, tls13, ct).ConfigureAwait(false));
        var groups12 = await groups12Task.ConfigureAwait(false);
        var fallback = await fallbackTask.ConfigureAwait(false);

        var protocols = new List<ProtocolResult>
        {
            // The cipher kinds in the order the SERVER-HELLO lists them (draft-hickman-netscape-ssl-00: the kinds the server
            // supports among those the client offered, and every registered kind was offered).
            new(TlsVersion.SSLv2, sslv2.IsSupported, null, sslv2.CipherKinds?.Select(CipherResult.FromSslv2).ToList() ?? [])
            {
                Refusal = sslv2.IsSupported ? null : sslv2.Failure?.Message,
                Incomplete = sslv2.IsSupported || sslv2.Failure is ProbeFailure.Alert or ProbeFailure.Closed or ProbeFailure.Reset or ProbeFailure.DecodeError
                    ? null : $"no answer: {sslv2.Failure?.Message}",
            },
        };
        foreach (var v in Legacy)
        {
            var e = byVersion[v];
            protocols.Add(new ProtocolResult(v, e.IsSupported, orderBy.GetValueOrDefault(v), e.Suites.Select(CipherResult.From).ToList())
            {
                Refusal = e.IsSupported ? null : (e.Cut as ProbeFailure.ProtocolViolation)?.Message ?? e.FirstFailure?.Message ?? (e.VersionRefused ? "the server answered with another version" : null),
                Incomplete = IncompleteReason(e),
                ChaChaPriority = chachaPriority.Contains(v),
            });
            notes.AddRange(e.Notes);
        }
        protocols.Add(new ProtocolResult(TlsVersion.Tls13, tls13.IsSupported, orderBy.GetValueOrDefault(TlsVersion.Tls13), tls13.Suites.Select(CipherResult.From).ToList())
        {
            Refusal = tls13.IsSupported ? null : (tls13.Cut as ProbeFailure.ProtocolViolation)?.Message ?? tls13.FirstFailure?.Message ?? $"the server chose {first.Answer?.Version.Name ?? "an earlier version"} when offered TLS 1.3",
            Incomplete = IncompleteReason(tls13),
            ChaChaPriority = chachaPriority.Contains(TlsVersion.Tls13),
        });
        notes.AddRange(tls13.Notes);

        var groups = MergeGroups(groups12, groups13, notes);
        if (!tls13.IsSupported)
        {
            if (!tls12.IsSupported) notes.Add("groups: enumerated in TLS 1.2 and TLS 1.3 only, and the server accepts neither");
            else if (!tls12.Suites.Any(IsEcdhe)) notes.Add("groups: not observable, the server accepts no ECDHE suite and no TLS 1.3");
            else notes.Add("groups: observed through TLS 1.2 ServerKeyExchange only; groups that exist only in TLS 1.3 (hybrid post-quantum, ffdhe in key_share, brainpool…tls13) cannot be observed without TLS 1.3");
        }
        var allAnswers = byVersion.Values.SelectMany(e => e.Answers).Concat(tls13.Answers).ToList();
        var legacyAnswers = byVersion.Values.SelectMany(e => e.Answers).ToList();
        var features = new FeatureResult
        {
            SecureRenegotiation = legacyAnswers.Count == 0 ? null : legacyAnswers.Any(a => a.SecureRenegotiation),
            Compression = legacyAnswers.Count == 0 ? null : legacyAnswers.Any(a => a.Compression != 0),
            FallbackScsv = fallback,
            SessionTickets = legacyAnswers.Count == 0 ? null : legacyAnswers.Any(a => a.SessionTicket),
            ExtendedMasterSecret = legacyAnswers.Count == 0 ? null : legacyAnswers.Any(a => a.ExtendedMasterSecret),
            Alpn = alpn,
            OcspStapling = legacyAnswers.Count == 0 ? null : legacyAnswers.Any(a => a.OcspStapled),
            Heartbeat = legacyAnswers.Count == 0 ? null : legacyAnswers.Any(a => a.Heartbeat),
            DhPrimeBits = allAnswers.Where(a => a.DhPrimeBits is not null).Select(a => a.DhPrimeBits!.Value).Distinct().Order().ToList(),
        };
        var sigalgs = legacyAnswers.Where(a => a.SignatureScheme is not null).Select(a => SignatureSchemes.Describe(a.SignatureScheme!.Value)).Distinct().ToList();

        var certificates = await certificatesTask.ConfigureAwait(false);
        notes.AddRange(certificateNotes);
        // A flight cut at the read limit before its Certificate message ended (a 16 MB certificate): say so, instead of no section.
        if (legacyAnswers.FirstOrDefault(a => a.CertificateCut) is { } cut && certificates.Count == 0)
            notes.Add($"certificates: the server's Certificate message does not fit the {Connector.MaxFlightBytes / 1024} KiB read limit of a flight ({cut.Version.Name}); no certificate is shown");
        if (sslv2.Certificate is { Length: > 0 } v2Certificate
            && !certificates.Any(c => c.Sha256Fingerprint == CertificateAnalyzer.Fingerprint(v2Certificate))
            && CertificateAnalyzer.Analyze([v2Certificate], "SSLv2", target.Sni ?? target.Host, _time.GetUtcNow()) is { } v2Info)
            certificates = [.. certificates, v2Info];
        var accepted = await acceptedTask.ConfigureAwait(false);

        var (lost, notSent, firstLost) = prober.Losses;
        var incomplete = protocols.Where(p => p.Incomplete is not null).Select(p => $"{p.Name}: {p.Incomplete}").ToList();
        if (lost > 0)
            incomplete.Add($"{lost} probe{(lost == 1 ? "" : "s")} got no answer ({firstLost!.Message})" +
                (notSent > 0 ? $" and {notSent} were not sent: the server stopped answering partway" : "") +
                "; suite lists, server order, groups and features may be partial");
        var result = new ScanResult
        {
            Incomplete = incomplete,
            ProtocolViolations = prober.Violations,
            Target = target,
            Protocols = protocols,
            Groups = groups,
            SignatureAlgorithms = sigalgs,
            SignatureAlgorithmsAccepted = accepted,
            Certificates = certificates,
            Features = features,
            Notes = notes.Distinct().ToList(),
            Stats = new ScanStats(prober.Handshakes, (long)_time.GetElapsedTime(started).TotalMilliseconds),
        };
        // Nothing accepted: a failure, unless the server answered in a way no client accepts (that is a finding, below).
        if (!protocols.Any(p => p.Supported) && result.ProtocolViolations.Count == 0)
            result = result with { Failure = first.Failure ?? tls13.FirstFailure ?? new ProbeFailure.Closed(0) };
        return result with { Findings = FindingRules.Evaluate(result, _time.GetUtcNow()), Summary = FindingRules.Summarize(result) };
    }

    /// <summary>
    /// Why a protocol's result is not the whole truth (null when it is): its enumeration was cut short after some suites (see
    /// <see cref="SuiteEnumeration.Cut"/>), or its first probe got no answer at all. A protocol whose every answer broke the
    /// protocol is determined: no client can use it.
    /// </summary>
    private static string? IncompleteReason(SuiteEnumeration e) => e switch
    {
        { Cut: ProbeFailure.ProtocolViolation, IsSupported: false } => null,
        { Cut: { } cut, IsSupported: true } => $"stopped after {e.Suites.Count} suite{(e.Suites.Count == 1 ? "" : "s")}: {cut.Message}",
        { Cut: { } cut } => $"stopped: {cut.Message}",
        { IsSupported: false, FirstFailure: { } f } when f is not (ProbeFailure.Alert or ProbeFailure.Closed or ProbeFailure.Reset or ProbeFailure.ProtocolViolation)
            => $"no answer: {f.Message}",
        _ => null,
    };

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

    private Task<SuiteEnumeration> EnumerateLegacyAsync(TlsVersion v, ProbeOutcome? seed, GroupTracker? groups, CancellationToken ct) =>
        v == TlsVersion.Tls12 ? EnumerateTls12Async(seed, groups, ct)
            : SuiteEnumerator.EnumerateAsync(prober, LegacyHello(v), ScanCandidates.Suites(v), ct, seed, groups);

    /// <summary>
    /// TLS 1.2, the longest chain: its candidates are split in two by key exchange (ephemeral ECDHE/DHE, and the rest) and
    /// both halves are enumerated at once, which halves the round trips for the usual server. Each half comes out in the
    /// server's order (offer-and-remove); the halves are then merged by asking the server: one hello offering the last suite
    /// of one half before the first of the other tells whether the whole first half ranks above the second (the usual case,
    /// one handshake); otherwise the halves are merged head to head, one hello per step. A server that follows the client's
    /// order is re-sorted later (<see cref="ClientOrder"/>), as the single chain would have listed it.
    /// </summary>
    private async Task<SuiteEnumeration> EnumerateTls12Async(ProbeOutcome? seed, GroupTracker? groups, CancellationToken ct)
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
        _ephemeral12 = halves[0].Suites;
        if (seedIn == 1) (a, b) = (b, a);   // the half that saw the server's favourite goes first
        if (!b.IsSupported) return a with { Answers = [.. a.Answers, .. b.Answers], Notes = [.. a.Notes, .. b.Notes] };
        if (!a.IsSupported) return b with { Answers = [.. a.Answers, .. b.Answers], Notes = [.. a.Notes, .. b.Notes] };
        // The server-order probe goes out with the merge hello, for the merge's usual result; it is used only if that proves right.
        IReadOnlyList<ushort> usual = [.. a.Suites, .. b.Suites];
        _earlyOrder12 = (usual, ServerOrderDetector.DetectAsync(prober, hello with { Alpn = ["h2"] }, usual, ct));
        var merged = await MergeByServerAsync(hello, a.Suites, b.Suites, ct).ConfigureAwait(false);
        return a with
        {
            Suites = merged,
            Answers = [.. a.Answers, .. b.Answers],
            WasSplit = a.WasSplit || b.WasSplit,
            Notes = [.. a.Notes, .. b.Notes],
        };
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
        return suites.Select(ScanCandidates.CertificateKindOf).Distinct()
            .SelectMany(k => suites.Where(s => ScanCandidates.CertificateKindOf(s) == k).OrderBy(Rank)).ToList();
    }

    private Task<SuiteEnumeration> EnumerateKindAsync(TlsVersion v, string kind, SuiteEnumeration known, CancellationToken ct, ProbeOutcome? seed = null) =>
        SuiteEnumerator.EnumerateAsync(prober, KindHello(v, kind), KindCandidates(v, kind, known.Suites), ct, seed);

    private HelloSpec KindHello(TlsVersion v, string kind) =>
        LegacyHello(v) with { SignatureAlgorithms = v >= TlsVersion.Tls12 ? ScanCandidates.SignatureAlgorithmsFor(kind) : [] };

    private static IReadOnlyList<ushort> KindCandidates(TlsVersion v, string kind, IReadOnlyList<ushort> known) =>
        ScanCandidates.Suites(v).Where(s => ScanCandidates.CertificateKindOf(s) == kind && !known.Contains(s)).ToList();

    private static SuiteEnumeration Merge(SuiteEnumeration a, SuiteEnumeration b) =>
        a with { Suites = [.. a.Suites, .. b.Suites.Where(s => !a.Suites.Contains(s))], Answers = [.. a.Answers, .. b.Answers], Notes = [.. a.Notes, .. b.Notes] };

    private static bool IsEcdhe(ushort code) => CipherSuites.Find(code) is { Kx: "ECDH" or "ECDHEPSK" };

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
        var ecdhe = tls12.Suites.Where(IsEcdhe).ToList();
        if (ecdhe.Count == 0) return new GroupEnumeration([], false, []);
        if (tracker.IsComplete) return new GroupEnumeration(tracker.Seen, false, []);
        var known = tracker.Seen.Count > 0 ? tracker.Seen
            : tls12.Answers.Where(a => IsEcdhe(a.CipherSuite) && a.Group is not null).Select(a => a.Group!.Value).Take(1).ToList();
        // RSA-signed ECDHE suites do not tie the group to the certificate; prefer them when the server has them.
        var rsa = ecdhe.Where(s => ScanCandidates.CertificateKindOf(s) == "rsa").ToList();
        if (rsa.Count > 0)
        {
            var rsaHello = LegacyHello(TlsVersion.Tls12) with { CipherSuites = rsa, SignatureAlgorithms = ScanCandidates.SignatureAlgorithmsFor("rsa") };
            return await GroupEnumerator.EnumerateAsync(prober, rsaHello, ScanCandidates.Tls12Groups, known, ct).ConfigureAwait(false);
        }
        var hello = LegacyHello(TlsVersion.Tls12) with { CipherSuites = ecdhe };
        var curve = tls12.Answers.Where(a => a.Certificates.Count > 0 && ScanCandidates.CertificateKindOf(a.CipherSuite) == "ecdsa")
            .Select(a => CertificateAnalyzer.CurveGroup(a.Certificates[0])).FirstOrDefault(g => g is not null);
        return await GroupEnumerator.EnumerateAsync(prober, hello, ScanCandidates.Tls12Groups, known, ct, curve).ConfigureAwait(false);
    }

    private static IReadOnlyList<GroupResult> MergeGroups(GroupEnumeration tls12, GroupEnumeration tls13, List<string> notes)
    {
        var list = new List<GroupResult>();
        foreach (var g in tls13.Groups.Concat(tls12.Groups).Distinct())
        {
            var protocols = new List<string>();
            if (tls12.Groups.Contains(g)) protocols.Add(TlsVersion.Tls12.Name);
            if (tls13.Groups.Contains(g)) protocols.Add(TlsVersion.Tls13.Name);
            list.Add(new GroupResult(g, Groups.Describe(g), protocols));
        }
        notes.AddRange(tls12.Notes);
        notes.AddRange(tls13.Notes);
        return list;
    }

    private static int AlpnSlot(int orderIndex) => orderIndex < 2 ? orderIndex : -1;

    /// <summary>
    /// The server-order probe of one legacy protocol, sent as soon as its chain ends. Its place among the order probes (which
    /// decides the ALPN name it carries) counts the higher protocols whose chains are still running as having two suites or
    /// more; the caller uses the result only when that guess and the suites prove right.
    /// </summary>
    private async Task<(int Index, IReadOnlyList<ushort> Suites, Task<(bool? ServerOrder, ServerAnswer? Answer, bool ChaChaPriority)> Order)?> EarlyOrderAsync(
        int i, IReadOnlyList<Task<SuiteEnumeration>> chains, CancellationToken ct)
    {
        var own = await chains[i].ConfigureAwait(false);
        if (own.Suites.Count < 2) return null;
        // TLS 1.2 is always the first order probe (ALPN h2); its probe may already be out with the merge hello.
        if (Legacy[i] == TlsVersion.Tls12 && _earlyOrder12 is { } e12 && e12.Suites.SequenceEqual(own.Suites)) return (0, e12.Suites, e12.Order);
        var index = 0;
        for (var h = i + 1; h < chains.Count; h++)
            if (!chains[h].IsCompleted || chains[h].Result.Suites.Count >= 2) index++;
        string[] alpnNames = ["h2", "http/1.1"];
        var hello = LegacyHello(Legacy[i]);
        if (index < alpnNames.Length) hello = hello with { Alpn = [alpnNames[index]] };
        return (index, own.Suites, ServerOrderDetector.DetectAsync(prober, hello, own.Suites, ct));
    }

    /// <summary>
    /// The fallback probe, sent as soon as the second-highest protocol is known. A protocol whose chain is still running counts
    /// as supported when the first hello was answered with it; the caller uses the result only when the target proves right.
    /// </summary>
    private async Task<(TlsVersion Below, IReadOnlyList<ushort> Suites, Task<bool?> Probe)?> EarlyFallbackAsync(
        Task<(SuiteEnumeration Suites, GroupEnumeration Groups)> tls13Task, IReadOnlyList<Task<SuiteEnumeration>> chains, TlsVersion? answered, CancellationToken ct)
    {
        var supported = (await tls13Task.ConfigureAwait(false)).Suites.IsSupported ? 1 : 0;
        for (var i = Legacy.Length - 1; i >= 0; i--)
        {
            var isSupported = supported == 0 && !chains[i].IsCompleted && answered == Legacy[i]
                || (await chains[i].ConfigureAwait(false)).IsSupported;
            if (!isSupported) continue;
            if (++supported < 2) continue;
            var suites = (await chains[i].ConfigureAwait(false)).Suites;
            return (Legacy[i], suites, ProbeFallbackAsync(Legacy[i], suites, ct));
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

    /// <param name="early">The first answer's chain and its analysis, made while the probes ran: reused for the same chain.</param>
    private async Task<IReadOnlyList<CertificateInfo>> CertificatesAsync(Dictionary<TlsVersion, SuiteEnumeration> byVersion, SuiteEnumeration tls13,
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
            var kind = ScanCandidates.CertificateKindOf(answer.CipherSuite)?.ToUpperInvariant() ?? "other";
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
        var shown = list.Select(c => KindOfKey(c.KeyType)).ToHashSet();
        var missing = CertificateKinds.Where(k => !shown.Contains(k)).ToList();
        var flights = await Task.WhenAll(missing.Select(kind =>
            prober.ProbeTls13FlightAsync(Tls13FlightHello(ScanCandidates.SignatureAlgorithmsFor(kind), tls13.Suites, groups13.Groups), ct))).ConfigureAwait(false);
        foreach (var (kind, flight) in missing.Zip(flights))
        {
            if (flight.Certificates.Count == 0) continue;
            // A server that ignores signature_algorithms may send its only certificate to both hellos: label by the key.
            var presentedFor = CertificateKindOfScheme(flight.SignatureScheme) == kind ? kind.ToUpperInvariant() : "any";
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

    private static readonly string[] CertificateKinds = ["rsa", "ecdsa"];

    /// <summary>"rsa" or "ecdsa" for a certificate's key type ("RSA", "EC"); null for other keys.</summary>
    private static string? KindOfKey(string keyType) => keyType switch { "RSA" => "rsa", "EC" => "ecdsa", _ => null };

    /// <summary>
    /// scan --sigalgs: one offer-and-remove chain over signature_algorithms per protocol (TLS 1.2 with the server's ECDHE/DHE
    /// suites of the type, TLS 1.3 through the handshake keys) and per certificate type the scan found; all chains at once.
    /// </summary>
    private async Task<IReadOnlyList<SignatureAlgorithmsAccepted>> EnumerateSignatureAlgorithmsAsync(SuiteEnumeration tls12, SuiteEnumeration tls13,
        GroupEnumeration groups13, IReadOnlyList<CertificateInfo> certificates, CancellationToken ct)
    {
        var kinds = CertificateKinds.Where(k => tls12.Suites.Any(s => ScanCandidates.CertificateKindOf(s) == k)
            || certificates.Any(c => KindOfKey(c.KeyType) == k)).ToList();
        var chains = new List<Task<SignatureAlgorithmsAccepted>>();
        foreach (var kind in kinds)
        {
            if (tls12.IsSupported && tls12.Suites.Any(s => ScanCandidates.CertificateKindOf(s) == kind))
            {
                // Only a signed ServerKeyExchange shows the scheme: ECDHE and DHE suites (RFC 5246 section 7.4.3).
                var signed = tls12.Suites.Where(s => ScanCandidates.CertificateKindOf(s) == kind && CipherSuites.Find(s) is { Kx: "ECDH" or "DH" }).ToList();
                chains.Add(signed.Count == 0
                    ? Task.FromResult(new SignatureAlgorithmsAccepted(TlsVersion.Tls12.Name, kind.ToUpperInvariant(), [])
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

    /// <summary>"rsa" or "ecdsa": the key type of the certificate that signed with <paramref name="scheme"/>.</summary>
    private static string? CertificateKindOfScheme(ushort? scheme) =>
        scheme is { } s && SignatureSchemes.Find(s)?.KeyType is "rsa" or "ecdsa" ? SignatureSchemes.Find(s)!.KeyType : null;

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
