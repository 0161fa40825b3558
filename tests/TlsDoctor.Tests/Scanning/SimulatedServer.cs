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
        return Task.FromResult(Answer(hello));
    }

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
            var kind = ScanCandidates.CertificateKindOf(code);
            if (kind is not null && !kinds.Contains(kind)) return false;
            if (kind is not null && ours >= TlsVersion.Tls12 && hello.SignatureAlgorithms.Count > 0
                && !hello.SignatureAlgorithms.Any(a => SignatureSchemes.Find(a)?.KeyType == kind)) return false;
            if (s.Kx == "ECDH" && !hello.Groups.Any(Groups.Contains)) return false;
            return true;
        }
        var candidates = ServerOrder
            ? Suites.Where(s => hello.CipherSuites.Contains(s) && Usable(s))
            : hello.CipherSuites.Where(s => Suites.Contains(s) && Usable(s));
        var pick = candidates.FirstOrDefault();
        if (pick == 0 && !candidates.Any()) return Alert(40);
        ushort? group = CipherSuites.Find(pick)!.Kx == "ECDH" ? PickGroup(hello.Groups, Groups) : null;
        return ProbeOutcome.Of(new ServerAnswer { Version = ours, CipherSuite = pick, Group = group, SecureRenegotiation = true, Alpn = hello.Alpn.FirstOrDefault(a => a == "http/1.1") });
    }

    private ushort? PickGroup(IReadOnlyList<ushort> offered, IReadOnlyList<ushort> ours) =>
        ServerOrder ? ours.Where(offered.Contains).Cast<ushort?>().FirstOrDefault() : offered.Where(ours.Contains).Cast<ushort?>().FirstOrDefault();

    private ProbeOutcome Tls13(HelloSpec hello)
    {
        var suite = ServerOrder ? Tls13Suites.FirstOrDefault(hello.CipherSuites.Contains) : hello.CipherSuites.FirstOrDefault(Tls13Suites.Contains);
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
