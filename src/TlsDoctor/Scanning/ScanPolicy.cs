using TlsDoctor.Negotiation;
using TlsDoctor.Policies;
using TlsDoctor.Registry;

namespace TlsDoctor.Scanning;

/// <summary>
/// Turns what a scan observed into <see cref="ServerPolicy"/> values, one per certificate type the
/// endpoint presents, so that the simulator and Identify can compare it with catalog policies.
/// </summary>
public static class ScanPolicy
{
    public static IReadOnlyList<(CertificateKind Kind, ServerPolicy Policy)> From(ScanResult scan)
    {
        if (scan.Failure is not null) return [];
        var supported = scan.Protocols.Where(p => p.Supported && p.Version != TlsVersion.SSLv2).ToList();
        if (supported.Count == 0) return [];
        var kinds = supported.SelectMany(p => p.Ciphers).Select(c => ScanCandidates.CertificateKindOf(c.Value)).OfType<string>().Distinct().ToList();
        if (kinds.Count == 0)
        {
            // TLS 1.3 only: the certificate presented tells the type.
            kinds = scan.Certificates.Select(c => c.KeyType == "EC" ? "ecdsa" : c.KeyType == "RSA" ? "rsa" : null).OfType<string>().Distinct().ToList();
            if (kinds.Count == 0) kinds = ["rsa"];
        }
        var list = new List<(CertificateKind, ServerPolicy)>();
        foreach (var kind in kinds)
        {
            var certificateKind = kind == "ecdsa" ? CertificateKind.Ecdsa : CertificateKind.Rsa;
            // Server order across protocols: TLS 1.3 suites first (chosen separately), then the TLS 1.2 list
            // (the fullest), then suites seen only in older protocols in their order.
            var suites = new List<ushort>();
            foreach (var p in supported.OrderByDescending(p => p.Version))
                foreach (var c in p.Ciphers)
                {
                    var k = ScanCandidates.CertificateKindOf(c.Value);
                    if ((k is null || k == kind) && !suites.Contains(c.Value)) suites.Add(c.Value);
                }
            var name = scan.Target.Port == ScanTarget.DefaultPort ? scan.Target.Host : $"{scan.Target.Host}:{scan.Target.Port}";
            list.Add((certificateKind, new ServerPolicy
            {
                Name = kinds.Count > 1 ? $"{name} ({kind.ToUpperInvariant()})" : name,
                Provider = "scan",
                Versions = supported.Select(p => p.Version).Order().ToList(),
                CipherSuites = suites,
                Groups = scan.Groups.Count > 0 ? scan.Groups.Select(g => g.Value).ToList() : null,
                ServerOrder = supported.All(p => p.ServerOrder != false),
            }));
        }
        return list;
    }

    /// <summary>What the scan saw, in the shape Identify compares with catalog policies; null when nothing was accepted.</summary>
    public static ServerObservation? Observation(ScanResult scan)
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
            switch (ScanCandidates.CertificateKindOf(c)) { case "rsa": kinds.Add(CertificateKind.Rsa); break; case "ecdsa": kinds.Add(CertificateKind.Ecdsa); break; }
        foreach (var cert in scan.Certificates)
            if (cert.KeyType == "EC") kinds.Add(CertificateKind.Ecdsa); else if (cert.KeyType == "RSA") kinds.Add(CertificateKind.Rsa);
        var orders = supported.Where(p => p.Version != TlsVersion.SSLv2).Select(p => p.ServerOrder).Where(o => o is not null).ToList();
        // Groups are compared only when they were fully observable (TLS 1.3, or TLS 1.2 with RSA-signed ECDHE).
        var groupsComplete = supported.Any(p => p.Version == TlsVersion.Tls13)
            || supported.Any(p => p.Version == TlsVersion.Tls12 && p.Ciphers.Any(c => c.Auth == "RSA" && c.ForwardSecrecy && CipherSuites.Find(c.Value)?.Kx == "ECDH"));
        return new ServerObservation
        {
            Versions = supported.Select(p => p.Version).Order().ToList(),
            CipherSuites = suites,
            Certificates = kinds,
            ServerOrder = orders.Count == 0 ? null : orders.All(o => o == true),
            Groups = groupsComplete && scan.Groups.Count > 0 ? scan.Groups.Select(g => g.Value).ToList() : null,
        };
    }

    /// <summary>The catalog policies the endpoint matches exactly, else the nearest with their differences (Identify).</summary>
    public static IReadOnlyList<PolicyMatch> Identify(ScanResult scan) =>
        Observation(scan) is { } observed ? PolicyIdentifier.Identify(observed, PolicyCatalog.All) : [];
}
