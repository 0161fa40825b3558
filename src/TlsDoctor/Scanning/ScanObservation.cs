using TlsDoctor.Negotiation;
using TlsDoctor.Policies;
using TlsDoctor.Registry;

namespace TlsDoctor.Scanning;

/// <summary>
/// The one fold of a scan into the <see cref="ServerObservation"/> that <see cref="PolicyIdentifier"/> compares with the
/// catalog: scan, identify --target and diagnose all identify an endpoint through <see cref="From"/>, so they agree.
/// </summary>
public static class ScanObservation
{
    /// <summary>
    /// What the scan saw: the versions accepted; the TLS suites accepted, the highest protocol's first, each in the order
    /// observed (SSL 2.0 cipher kinds are not suites); the certificate types the suites and the certificates show; whether
    /// the server enforces its order (true when every protocol whose order was determined enforces it, null when none was
    /// determined); the groups, only when they were fully observable (TLS 1.3, or TLS 1.2 with RSA-signed ECDHE: with only
    /// an ECDSA certificate the curve hides groups ranked below it); and why the scan is incomplete, if it is.
    /// Null when the scan failed or nothing was accepted.
    /// </summary>
    public static ServerObservation? From(ScanResult scan)
    {
        if (scan.Failure is not null) return null;
        var supported = scan.Protocols.Where(p => p.Supported).ToList();
        if (supported.Count == 0) return null;
        var suites = new List<ushort>();
        foreach (var p in supported.OrderByDescending(p => p.Version))
            foreach (var c in p.Ciphers)
                if (c.Sslv2Kind is null && !suites.Contains(c.Value)) suites.Add(c.Value);
        var kinds = new HashSet<CertificateKind>();
        foreach (var c in suites)
            if (CertificateKinds.OfSuite(c) is { } kind) kinds.Add(kind);
        foreach (var cert in scan.Certificates)
            if (CertificateKinds.OfCertificateKey(cert.KeyType) is { } kind) kinds.Add(kind);
        var orders = supported.Where(p => p.Version != TlsVersion.SSLv2).Select(p => p.ServerOrder).Where(o => o is not null).ToList();
        var groupsComplete = supported.Any(p => p.Version == TlsVersion.Tls13)
            || supported.Any(p => p.Version == TlsVersion.Tls12 && p.Ciphers.Any(c => c.Auth == "RSA" && c.ForwardSecrecy && CipherSuites.Find(c.Value)?.Kx == "ECDH"));
        return new ServerObservation
        {
            Versions = supported.Select(p => p.Version).Order().ToList(),
            CipherSuites = suites,
            Certificates = kinds,
            ServerOrder = orders.Count == 0 ? null : orders.All(o => o == true),
            ChaChaPriority = supported.Any(p => p.ChaChaPriority),
            Groups = groupsComplete && scan.Groups.Count > 0 ? scan.Groups.Select(g => g.Value).ToList() : null,
            Incomplete = scan.IsComplete ? null : string.Join("; ", scan.Incomplete),
        };
    }

    /// <summary>
    /// The policies among <paramref name="candidates"/> (default: the whole catalog) the endpoint matches exactly, else the
    /// nearest with their differences; never an exact match from an incomplete scan.
    /// </summary>
    public static IReadOnlyList<PolicyMatch> Identify(ScanResult scan, IEnumerable<ServerPolicy>? candidates = null) =>
        From(scan) is { } observed ? PolicyIdentifier.Identify(observed, candidates ?? PolicyCatalog.All) : [];
}
