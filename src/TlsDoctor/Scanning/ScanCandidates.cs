using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Scanning;

/// <summary>What a scan offers, taken from the registries (every registered suite, group and signature scheme).</summary>
public static class ScanCandidates
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<TlsVersion, IReadOnlyList<ushort>> SuitesByVersion = new();

    /// <summary>Every non-signalling TLS ≤ 1.2 suite usable at <paramref name="version"/>, strongest first.</summary>
    public static IReadOnlyList<ushort> Suites(TlsVersion version) => SuitesByVersion.GetOrAdd(version, static v =>
        CipherSuites.All.Where(s => !s.IsSignalling && !s.IsTls13 && (s.MinProtocol is not { } min || min <= v))
            .OrderByDescending(s => s.Rating ?? Rating.Insecure).ThenByDescending(s => s.IsForwardSecret).ThenByDescending(s => s.EncBits)
            .Select(s => s.Code).ToArray());

    public static IReadOnlyList<ushort> Tls13Suites { get; } =
        CipherSuites.All.Where(s => s.IsTls13 && !s.IsSignalling).Select(s => s.Code).ToList();

    public static IReadOnlyList<ushort> Tls12Groups { get; } =
        Groups.All.Where(g => g.Kind != GroupKind.Grease && g.AllowedInTls12).Select(g => g.Code).Distinct().ToList();

    public static IReadOnlyList<ushort> Tls13Groups { get; } =
        Groups.All.Where(g => g.Kind != GroupKind.Grease && g.AllowedInTls13).Select(g => g.Code).Distinct().ToList();

    /// <summary>
    /// Key shares sent in TLS 1.3 scan probes: none. An empty client_shares vector asks the server to pick
    /// (RFC 8446 section 4.2.8), so the HelloRetryRequest names the group the server prefers; a share would
    /// let servers that accept any offered share (OpenSSL does) hide their own preference.
    /// </summary>
    public static IReadOnlyList<ushort> KeyShares { get; } = [];

    public static IReadOnlyList<ushort> SignatureAlgorithms { get; } =
        SignatureSchemes.All.Where(s => s.AllowedInTls12 || s.AllowedInTls13).Select(s => s.Code).ToList();

    /// <summary>Signature schemes that a certificate of <paramref name="kind"/> signs with.</summary>
    public static IReadOnlyList<ushort> SignatureAlgorithmsFor(CertificateKind kind) =>
        SignatureSchemes.All.Where(s => (s.AllowedInTls12 || s.AllowedInTls13) && s.KeyType == CertificateKinds.KeyType(kind)).Select(s => s.Code).ToList();
}
