using TlsDoctor.Registry;

namespace TlsDoctor.Scanning;

/// <summary>
/// The last phase of a scan: the measured parts become the <see cref="ScanResult"/> (protocols, groups, features, notes, what
/// is incomplete, findings and summary). No I/O and no clock of its own: the same parts give the same result.
/// </summary>
public static class ScanAssembly
{
    private static readonly TlsVersion[] Legacy = [TlsVersion.SSLv3, TlsVersion.Tls10, TlsVersion.Tls11, TlsVersion.Tls12];

    public static ScanResult Assemble(ScanParts parts)
    {
        var notes = parts.HiddenKinds.Select(kind =>
            $"{CertificateKinds.Label(kind)} suites appear only when the client offers no other certificate type's suites or signature algorithms: the server holds several certificates and picks one per hello; suite order is per certificate type").ToList();
        var protocols = Protocols(parts, notes);
        var groups = Groups(parts, notes);
        notes.AddRange(parts.CertificateNotes);

        var legacyAnswers = Legacy.SelectMany(v => parts.Legacy[v].Answers).ToList();
        var allAnswers = legacyAnswers.Concat(parts.Tls13.Answers).ToList();
        var features = new FeatureResult
        {
            SecureRenegotiation = legacyAnswers.Count == 0 ? null : legacyAnswers.Any(a => a.SecureRenegotiation),
            Compression = legacyAnswers.Count == 0 ? null : legacyAnswers.Any(a => a.Compression != 0),
            FallbackScsv = parts.Fallback,
            SessionTickets = legacyAnswers.Count == 0 ? null : legacyAnswers.Any(a => a.SessionTicket),
            ExtendedMasterSecret = legacyAnswers.Count == 0 ? null : legacyAnswers.Any(a => a.ExtendedMasterSecret),
            Alpn = parts.Alpn,
            OcspStapling = legacyAnswers.Count == 0 ? null : legacyAnswers.Any(a => a.OcspStapled),
            Heartbeat = legacyAnswers.Count == 0 ? null : legacyAnswers.Any(a => a.Heartbeat),
            DhPrimeBits = allAnswers.Where(a => a.DhPrimeBits is not null).Select(a => a.DhPrimeBits!.Value).Distinct().Order().ToList(),
        };
        var sigalgs = legacyAnswers.Where(a => a.SignatureScheme is not null).Select(a => SignatureSchemes.Describe(a.SignatureScheme!.Value)).Distinct().ToList();

        var (lost, notSent, firstLost) = parts.Losses;
        var incomplete = protocols.Where(p => p.Incomplete is not null).Select(p => $"{p.Name}: {p.Incomplete}").ToList();
        if (lost > 0)
            incomplete.Add($"{lost} probe{(lost == 1 ? "" : "s")} got no answer ({firstLost?.Message})" +
                (notSent > 0 ? $" and {notSent} were not sent: the server stopped answering partway" : "") +
                "; suite lists, server order, groups and features may be partial");
        var result = new ScanResult
        {
            Incomplete = incomplete,
            ProtocolViolations = parts.ProtocolViolations,
            Target = parts.Target,
            Protocols = protocols,
            Groups = groups,
            SignatureAlgorithms = sigalgs,
            SignatureAlgorithmsAccepted = parts.SignatureAlgorithmsAccepted,
            Certificates = parts.Certificates,
            Features = features,
            Notes = notes.Distinct().ToList(),
            Stats = parts.Stats,
        };
        // Nothing accepted: a failure, unless the server answered in a way no client accepts (that is a finding).
        if (!protocols.Any(p => p.Supported) && result.ProtocolViolations.Count == 0)
            result = result with { Failure = parts.FirstFailure ?? parts.Tls13.FirstFailure ?? new ProbeFailure.Closed(0) };
        return result with { Findings = FindingRules.Evaluate(result, parts.Now), Summary = FindingRules.Summarize(result) };
    }

    /// <summary>SSLv2, SSLv3 to TLS 1.2 and TLS 1.3, each with its suites, order and why it is refused or incomplete; their notes go to <paramref name="notes"/>.</summary>
    private static List<ProtocolResult> Protocols(ScanParts parts, List<string> notes)
    {
        var sslv2 = parts.Sslv2;
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
            var e = parts.Legacy[v];
            protocols.Add(new ProtocolResult(v, e.IsSupported, parts.ServerOrder.GetValueOrDefault(v), e.Suites.Select(CipherResult.From).ToList())
            {
                Refusal = e.IsSupported ? null : (e.Cut as ProbeFailure.ProtocolViolation)?.Message ?? e.FirstFailure?.Message ?? (e.VersionRefused ? "the server answered with another version" : null),
                Incomplete = IncompleteReason(e),
                ChaChaPriority = parts.ChaChaPriority.Contains(v),
            });
            notes.AddRange(e.Notes);
        }
        var tls13 = parts.Tls13;
        protocols.Add(new ProtocolResult(TlsVersion.Tls13, tls13.IsSupported, parts.ServerOrder.GetValueOrDefault(TlsVersion.Tls13), tls13.Suites.Select(CipherResult.From).ToList())
        {
            Refusal = tls13.IsSupported ? null : (tls13.Cut as ProbeFailure.ProtocolViolation)?.Message ?? tls13.FirstFailure?.Message ?? $"the server chose {parts.FirstAnswerVersion?.Name ?? "an earlier version"} when offered TLS 1.3",
            Incomplete = IncompleteReason(tls13),
            ChaChaPriority = parts.ChaChaPriority.Contains(TlsVersion.Tls13),
        });
        notes.AddRange(tls13.Notes);
        return protocols;
    }

    /// <summary>The groups of TLS 1.3 and TLS 1.2, each with the protocols it was seen in; what cannot be observed goes to <paramref name="notes"/>.</summary>
    private static List<GroupResult> Groups(ScanParts parts, List<string> notes)
    {
        var (tls12, tls13) = (parts.Groups12, parts.Groups13);
        var list = new List<GroupResult>();
        foreach (var g in tls13.Groups.Concat(tls12.Groups).Distinct())
        {
            var protocols = new List<string>();
            if (tls12.Groups.Contains(g)) protocols.Add(TlsVersion.Tls12.Name);
            if (tls13.Groups.Contains(g)) protocols.Add(TlsVersion.Tls13.Name);
            list.Add(new GroupResult(g, Registry.Groups.Describe(g), protocols));
        }
        notes.AddRange(tls12.Notes);
        notes.AddRange(tls13.Notes);
        var suites12 = parts.Legacy[TlsVersion.Tls12];
        if (!parts.Tls13.IsSupported)
        {
            if (!suites12.IsSupported) notes.Add("groups: enumerated in TLS 1.2 and TLS 1.3 only, and the server accepts neither");
            else if (!suites12.Suites.Any(GroupTracker.IsEcdhe)) notes.Add("groups: not observable, the server accepts no ECDHE suite and no TLS 1.3");
            else notes.Add("groups: observed through TLS 1.2 ServerKeyExchange only; groups that exist only in TLS 1.3 (hybrid post-quantum, ffdhe in key_share, brainpool…tls13) cannot be observed without TLS 1.3");
        }
        return list;
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
}
