using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using BcCipherSuite = Org.BouncyCastle.Tls.CipherSuite;

namespace TlsDoctor.Emulator;

/// <summary>
/// A <see cref="ServerPolicy"/> compiled for the TLS engine and the certificates served: which versions and suites
/// the engine completes, which it can only answer at the hello level (SSL 3.0, RC4, single DES, export), in the
/// policy's order.
/// </summary>
public sealed class EnginePolicy
{
    // When a policy does not state its groups: the curves ELB's classic policies offer (s2n-tls) plus x25519.
    private static readonly ushort[] DefaultGroups = [0x001D, 0x0017, 0x0018, 0x0019];

    private EnginePolicy() { }

    public required ServerPolicy Policy { get; init; }
    public required IReadOnlyList<CertificateKind> CertificateKinds { get; init; }

    /// <summary>Suites served in policy order that fit a served certificate (or are TLS 1.3 suites).</summary>
    public required IReadOnlyList<ushort> Suites { get; init; }

    /// <summary>The subset of <see cref="Suites"/> that the engine cannot complete; answered with ServerHello…ServerHelloDone then closed.</summary>
    public required IReadOnlyList<ushort> HelloOnlySuites { get; init; }

    /// <summary>Policy suites left out because no served certificate can authenticate them.</summary>
    public required IReadOnlyList<ushort> SuitesWithoutCertificate { get; init; }

    /// <summary>Policy versions the engine cannot complete (SSL 3.0): answered at the hello level only.</summary>
    public required IReadOnlyList<TlsVersion> HelloOnlyVersions { get; init; }

    public required IReadOnlyList<ushort> Groups { get; init; }

    public bool ServerOrder => Policy.ServerOrder;
    public IReadOnlyList<ushort>? SignatureSchemes => Policy.SignatureAlgorithms;

    internal ProtocolVersion[] EngineVersions { get; private init; } = [];
    internal int[] EngineSuites { get; private init; } = [];
    internal int[] EngineGroups { get; private init; } = [];

    /// <summary>True when the engine can complete a handshake with this version and suite.</summary>
    public bool CanComplete(TlsVersion version, ushort suite) =>
        !HelloOnlyVersions.Contains(version) && Array.IndexOf(EngineSuites, suite) >= 0;

    public static EnginePolicy Compile(ServerPolicy policy, IReadOnlyList<CertificateKind> certificateKinds, TlsCrypto crypto)
    {
        var versions = policy.Versions.Distinct().OrderDescending().ToList();
        var engineVersions = versions.Select(ToProtocolVersion).OfType<ProtocolVersion>().ToArray();
        var helloOnlyVersions = versions.Where(v => v == TlsVersion.SSLv3).ToList();

        List<ushort> suites = [], helloOnly = [], withoutCertificate = [];
        List<int> engineSuites = [];
        foreach (var suite in policy.CipherSuites.Distinct())
        {
            if (!FitsCertificate(suite, certificateKinds)) { withoutCertificate.Add(suite); continue; }
            suites.Add(suite);
            if (TlsUtilities.IsSupportedCipherSuite(crypto, suite) && IsEngineKeyExchange(suite)) engineSuites.Add(suite);
            else helloOnly.Add(suite);
        }

        var groups = (policy.Groups ?? DefaultGroups).Distinct().ToList();
        var engineGroups = groups.Where(g => crypto.HasNamedGroup(g)).Select(g => (int)g).ToArray();

        return new EnginePolicy
        {
            Policy = policy,
            CertificateKinds = certificateKinds,
            Suites = suites,
            HelloOnlySuites = helloOnly,
            SuitesWithoutCertificate = withoutCertificate,
            HelloOnlyVersions = helloOnlyVersions,
            Groups = groups,
            EngineVersions = engineVersions,
            EngineSuites = engineSuites.ToArray(),
            EngineGroups = engineGroups,
        };
    }

    private static ProtocolVersion? ToProtocolVersion(TlsVersion v) => v.Value switch
    {
        0x0301 => ProtocolVersion.TLSv10,
        0x0302 => ProtocolVersion.TLSv11,
        0x0303 => ProtocolVersion.TLSv12,
        0x0304 => ProtocolVersion.TLSv13,
        _ => null,
    };

    private static bool IsEngineKeyExchange(ushort suite) => TlsUtilities.GetKeyExchangeAlgorithm(suite) switch
    {
        KeyExchangeAlgorithm.RSA or KeyExchangeAlgorithm.DHE_RSA or KeyExchangeAlgorithm.ECDHE_RSA
            or KeyExchangeAlgorithm.ECDHE_ECDSA or KeyExchangeAlgorithm.NULL => true,
        _ => false,
    };

    /// <summary>TLS 1.3 suites carry no authentication; others need an RSA or ECDSA certificate per the registry's Auth column.</summary>
    internal static bool FitsCertificate(ushort suite, IReadOnlyList<CertificateKind> kinds)
    {
        var info = CipherSuites.Find(suite);
        if (info is null) return false;
        if (info.IsTls13) return true;
        return info.Auth switch
        {
            "RSA" => kinds.Contains(CertificateKind.Rsa),
            "ECDSA" => kinds.Contains(CertificateKind.Ecdsa),
            _ => false,
        };
    }
}
