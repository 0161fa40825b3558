using TlsDoctor.Negotiation;
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
        var kinds = supported.SelectMany(p => p.Ciphers).Select(c => ScanCandidates.CertificateKindOf(c.Value)).Where(k => k is not null).Distinct().ToList();
        if (kinds.Count == 0)
        {
            // TLS 1.3 only: the certificate presented tells the type.
            kinds = scan.Certificates.Select(c => c.KeyType == "EC" ? "ecdsa" : c.KeyType == "RSA" ? "rsa" : null).Where(k => k is not null).Distinct().ToList();
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
}
