using TlsDoctor.Registry;
using TlsDoctor.Scanning;

namespace TlsDoctor.Tests.Scanning;

/// <summary>
/// A server model answering probes the way OpenSSL-based servers do: version first, then the suite (by
/// its order or the client's), needing a certificate of the suite's type and, for ECDHE, a common group;
/// TLS 1.3 picks a suite and a group and asks for a retry when no key share matches.
/// </summary>
public sealed class SimulatedServer : IHandshakeProber
{
    private int _handshakes;

    public IReadOnlyList<TlsVersion> Versions { get; init; } = [TlsVersion.Tls12];
    /// <summary>TLS ≤ 1.2 suites in server order (the same list for every legacy version; suites a version cannot use are skipped).</summary>
    public IReadOnlyList<ushort> Suites { get; init; } = [];
    public IReadOnlyList<ushort> Tls13Suites { get; init; } = [];
    public IReadOnlyList<ushort> Groups { get; init; } = [0x001D, 0x0017];
    public IReadOnlyList<ushort> Tls13Groups { get; init; } = [0x001D, 0x0017];
    public bool ServerOrder { get; init; } = true;
    public IReadOnlyList<string> CertificateKinds { get; init; } = ["rsa"];

    /// <summary>Picks one certificate per hello from the signature algorithms alone, ECDSA first (then only its suites work).</summary>
    public bool PicksCertificateBySignatureAlgorithms { get; init; }

    /// <summary>Resets connections whose hello offers more than this many suites.</summary>
    public int? MaxSuitesBeforeReset { get; init; }

    public bool Sslv2 { get; init; }

    /// <summary>Answers this many TLS hellos, then lets every later one time out (a proxy that stops passing connections).</summary>
    public int? AnswersOnly { get; init; }

    /// <summary>Selects this suite whatever the hello offers (a broken or hostile server), at the version it would negotiate.</summary>
    public ushort? AlwaysSelects { get; init; }

    /// <summary>OpenSSL's SSL_OP_PRIORITIZE_CHACHA (haproxy): with server order, ChaCha20 suites go first when the client lists one first.</summary>
    public bool PrioritizesChaCha { get; init; }

    private int _tlsHellos;

    /// <summary>Every TLS ≤ 1.2 answer's flight was cut at the read limit inside its Certificate message (a 16 MB certificate).</summary>
    public bool CertificateCut { get; init; }

    public int Handshakes => Volatile.Read(ref _handshakes);
    public List<HelloSpec> Hellos { get; } = [];

    public Task<Sslv2Outcome> ProbeSslv2Async(CancellationToken ct)
    {
        Interlocked.Increment(ref _handshakes);
        return Task.FromResult(Sslv2
            ? new Sslv2Outcome([0x010080u], null, null)
            : new Sslv2Outcome(null, null, new ProbeFailure.Closed(0)));
    }

    public Task<ProbeOutcome> ProbeAsync(HelloSpec hello, CancellationToken ct)
    {
        Interlocked.Increment(ref _handshakes);
        lock (Hellos) Hellos.Add(hello);
        if (AnswersOnly is { } n && Interlocked.Increment(ref _tlsHellos) > n)
            return Task.FromResult(ProbeOutcome.Of(new ProbeFailure.Timeout(ProbeStage.FirstByte, 5000)));
        var outcome = Answer(hello);
        if (AlwaysSelects is { } forced && (outcome.Answer?.Version ?? Negotiated(hello)) is { } version)
            outcome = ProbeOutcome.Of(new ServerAnswer { Version = version, CipherSuite = forced, SecureRenegotiation = true });
        // As RawHandshakeProber does with every answer.
        return Task.FromResult(OfferCheck.Verify(hello.CipherSuites, outcome));
    }

    /// <summary>The version this server negotiates for the hello (null: none in common).</summary>
    private TlsVersion? Negotiated(HelloSpec hello)
    {
        var offered = hello.Version == TlsVersion.Tls13 ? hello.SupportedVersions ?? [TlsVersion.Tls13] : [hello.Version];
        return Versions.Where(offered.Contains).Cast<TlsVersion?>().DefaultIfEmpty(null).Max();
    }

    /// <summary>The server's list as it applies to this hello: with ChaCha20 priority, its ChaCha20 suites first when the client's first suite is one.</summary>
    private IReadOnlyList<ushort> Preference(IReadOnlyList<ushort> ours, HelloSpec hello) =>
        PrioritizesChaCha && hello.CipherSuites.Count > 0 && ServerOrderDetector.IsChaCha(hello.CipherSuites[0])
            ? [.. ours.Where(ServerOrderDetector.IsChaCha), .. ours.Where(c => !ServerOrderDetector.IsChaCha(c))]
            : ours;

    private ProbeOutcome Answer(HelloSpec hello)
    {
        if (MaxSuitesBeforeReset is { } max && hello.CipherSuites.Count > max) return ProbeOutcome.Of(new ProbeFailure.Reset());
        var offered = hello.Version == TlsVersion.Tls13 ? hello.SupportedVersions ?? [TlsVersion.Tls13] : [];
        var legacyMax = hello.Version == TlsVersion.Tls13 ? TlsVersion.Tls12 : hello.Version;
        if (offered.Contains(TlsVersion.Tls13) && Versions.Contains(TlsVersion.Tls13)) return Tls13(hello);
        var ours = Versions.Where(v => v != TlsVersion.Tls13 && v <= legacyMax).DefaultIfEmpty(default).Max();
        if (ours == default) return Alert(70);
        if (hello.FallbackScsv && Versions.Max() > legacyMax) return Alert(86);

        var kinds = CertificateKinds;
        if (PicksCertificateBySignatureAlgorithms && kinds.Count > 1)
        {
            var ecdsa = hello.SignatureAlgorithms.Count == 0 || hello.SignatureAlgorithms.Any(s => SignatureSchemes.Find(s)?.KeyType == "ecdsa");
            kinds = [ecdsa ? "ecdsa" : "rsa"];
        }
        bool Usable(ushort code)
        {
            var s = CipherSuites.Find(code)!;
            if (s.MinProtocol is { } min && min > ours) return false;
            var kind = global::TlsDoctor.Scanning.CertificateKinds.OfSuite(code) is { } k ? global::TlsDoctor.Scanning.CertificateKinds.KeyType(k) : null;
            if (kind is not null && !kinds.Contains(kind)) return false;
            if (kind is not null && ours >= TlsVersion.Tls12 && hello.SignatureAlgorithms.Count > 0
                && !hello.SignatureAlgorithms.Any(a => SignatureSchemes.Find(a)?.KeyType == kind)) return false;
            if (s.Kx == "ECDH" && !hello.Groups.Any(Groups.Contains)) return false;
            return true;
        }
        var candidates = ServerOrder
            ? Preference(Suites, hello).Where(s => hello.CipherSuites.Contains(s) && Usable(s))
            : hello.CipherSuites.Where(s => Suites.Contains(s) && Usable(s));
        var pick = candidates.FirstOrDefault();
        if (pick == 0 && !candidates.Any()) return Alert(40);
        ushort? group = CipherSuites.Find(pick)!.Kx == "ECDH" ? PickGroup(hello.Groups, Groups) : null;
        return ProbeOutcome.Of(new ServerAnswer { Version = ours, CipherSuite = pick, Group = group, SecureRenegotiation = true, Alpn = hello.Alpn.FirstOrDefault(a => a == "http/1.1"), CertificateCut = CertificateCut });
    }

    private ushort? PickGroup(IReadOnlyList<ushort> offered, IReadOnlyList<ushort> ours) =>
        ServerOrder ? ours.Where(offered.Contains).Cast<ushort?>().FirstOrDefault() : offered.Where(ours.Contains).Cast<ushort?>().FirstOrDefault();

    private ProbeOutcome Tls13(HelloSpec hello)
    {
        var suite = ServerOrder ? Preference(Tls13Suites, hello).FirstOrDefault(hello.CipherSuites.Contains) : hello.CipherSuites.FirstOrDefault(Tls13Suites.Contains);
        var group = PickGroup(hello.Groups, Tls13Groups);
        if (suite == 0 || group is null) return Alert(40);
        return ProbeOutcome.Of(new ServerAnswer
        {
            Version = TlsVersion.Tls13,
            CipherSuite = suite,
            Group = group,
            IsHelloRetryRequest = !hello.KeyShareGroups.Contains(group.Value),
        });
    }

    private static ProbeOutcome Alert(byte description) => ProbeOutcome.Of(new ProbeFailure.Alert(2, description));
}
