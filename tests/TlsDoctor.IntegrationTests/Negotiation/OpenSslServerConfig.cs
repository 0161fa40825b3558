using TlsDoctor.Negotiation;
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

    public static IReadOnlyList<string> Arguments(ServerPolicy policy)
    {
        var suites = policy.CipherSuites.Select(c => CipherSuites.Find(c)!).ToList();
        var legacy = suites.Where(s => !s.IsTls13).Select(s => s.OpenSslName!).ToList();
        var args = new List<string>
        {
            // SECLEVEL=0: OpenSSL 3.0's default level 1+ forbids TLS 1.0/1.1 and SHA-1 signatures, which the policies enable.
            "-cipher", (legacy.Count > 0 ? string.Join(':', legacy) : "ALL") + ":@SECLEVEL=0",
            "-ciphersuites", string.Join(':', suites.Where(s => s.IsTls13).Select(s => s.Name)),
        };
        foreach (var (v, flag) in new[] { (TlsVersion.Tls10, "-no_tls1"), (TlsVersion.Tls11, "-no_tls1_1"), (TlsVersion.Tls12, "-no_tls1_2"), (TlsVersion.Tls13, "-no_tls1_3") })
            if (!policy.Versions.Contains(v)) args.Add(flag);
        // The groups the simulator assumes for the policy (stated, else the implementation's, else OpenSSL's defaults);
        // OpenSSL 3.0 cannot enforce the post-quantum ones, so those are left out of both sides.
        args.AddRange(["-groups", string.Join(':', Simulator.ServerGroups(policy).Select(g => Groups.Find(g)!).Where(g => g.Kind is GroupKind.Ecdhe or GroupKind.Ffdhe).Select(g => g.Name))]);
        if (policy.ServerOrder) args.Add("-serverpref");
        return args;
    }
}
