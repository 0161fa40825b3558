using TlsDoctor.Negotiation;
using TlsDoctor.Policies;
using TlsDoctor.Registry;

namespace TlsDoctor.IntegrationTests.Negotiation;

/// <summary>`openssl s_server` arguments that enforce a <see cref="ServerPolicy"/>: enabled versions, suites in order, groups, server order.</summary>
public static class OpenSslServerConfig
{
    /// <summary>True when OpenSSL 3.0 can enforce the policy (known suites and classic groups, versions TLS 1.0–1.3).</summary>
    public static bool CanExpress(ServerPolicy policy) =>
        policy.Versions.Count > 0 && policy.CipherSuites.Count > 0
        && policy.Versions.All(v => v >= TlsVersion.Tls10 && v <= TlsVersion.Tls13)
        && policy.CipherSuites.All(c => CipherSuites.Find(c) is not null)
        && Simulator.ServerGroups(policy).Any(g => Groups.Find(g) is { Kind: GroupKind.Ecdhe });

    /// <summary>
    /// The policy as the installed OpenSSL can enforce it: suites it does not implement (3DES in Debian builds)
    /// removed. The simulator is then asked about exactly the server that runs.
    /// </summary>
    public static ServerPolicy Enforceable(ServerPolicy policy) => policy with
    {
        CipherSuites = policy.CipherSuites.Where(c => CipherSuites.Find(c) is { } s && (s.IsTls13 || OpenSslCapabilities.Suites.Contains(c))).ToArray(),
        Groups = Simulator.ServerGroups(policy).Where(g => Groups.Find(g) is { Kind: GroupKind.Ecdhe or GroupKind.Ffdhe }).ToArray(),
        Unknown = policy.Unknown & ~PolicyUnknowns.Groups,
    };

    /// <summary>
    /// The s_server arguments of the catalog's export (<see cref="PolicyExporter"/>, format openssl) for the enforceable
    /// policy, whose groups are those the simulator assumes, so the export states them with -groups.
    /// </summary>
    public static IReadOnlyList<string> Arguments(ServerPolicy policy)
    {
        var export = PolicyExporter.Export(policy, PolicyExportFormat.OpenSsl);
        if (export.Error is not null) throw new InvalidOperationException($"{policy.Name}: {export.Error}");
        // The simulator models a server that signs with SHA-1 when a TLS 1.2 client offers nothing better, as s2n-tls
        // does for the ELB policies (signature preferences 20140601 include rsa_pkcs1_sha1 and ecdsa_sha1). OpenSSL 3.0
        // does so only at security level 0, which the export sets only for TLS 1.0/1.1 and weak suites.
        var args = export.Arguments.ToList();
        var at = args.IndexOf("-cipher");
        if (at >= 0 && !args[at + 1].Contains("@SECLEVEL", StringComparison.Ordinal)) args[at + 1] += ":@SECLEVEL=0";
        return args;
    }

    public static bool CanExport(ServerPolicy policy) => PolicyExporter.Export(policy, PolicyExportFormat.OpenSsl).Error is null;
}
