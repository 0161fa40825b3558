using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.IntegrationTests.Negotiation;

/// <summary>
/// A client that `openssl s_client` can express exactly: versions, TLS ≤ 1.2 suites (OpenSSL names), TLS 1.3 suites,
/// groups (the first gets the key share, as OpenSSL 3.0 does) and signature schemes. <see cref="ToOffer"/> is the
/// same client as the simulator sees it. Suites are chosen so that s_client sends them all: OpenSSL drops suites
/// above its maximum version and suites whose authentication none of its signature schemes can verify.
/// </summary>
public sealed record OpenSslClientSpec(string Name, TlsVersion[] Versions, string[] Suites, string[] Tls13Suites, string[] Groups, string[] SignatureSchemes)
{
    public IReadOnlyList<string> Arguments()
    {
        var args = new List<string>();
        foreach (var (v, flag) in new[] { (TlsVersion.Tls10, "-no_tls1"), (TlsVersion.Tls11, "-no_tls1_1"), (TlsVersion.Tls12, "-no_tls1_2"), (TlsVersion.Tls13, "-no_tls1_3") })
            if (!Versions.Contains(v)) args.Add(flag);
        var suites = Suites.Where(Available).ToList();
        args.AddRange(["-cipher", (suites.Count > 0 ? string.Join(':', suites) : "NULL-SHA") + ":@SECLEVEL=0"]);
        args.AddRange(["-ciphersuites", string.Join(':', Tls13Suites)]);
        args.AddRange(["-groups", string.Join(':', Groups.Select(g => TlsDoctor.Registry.Groups.Find(g)!.Name))]);
        args.AddRange(["-sigalgs", string.Join(':', SignatureSchemes)]);
        return args;
    }

    public ClientOffer ToOffer()
    {
        var max = Versions.Max();
        var suites = Tls13Suites.Concat(Suites)
            .Where(Available)
            .Select(n => CipherSuites.Find(n)!)
            .Where(s => s.IsTls13 ? max == TlsVersion.Tls13 : s.MinProtocol is not { } m || m <= max)
            .Select(s => s.Code).ToArray();
        var groups = Groups.Select(g => TlsDoctor.Registry.Groups.Find(g)!.Code).ToArray();
        return new ClientOffer
        {
            Name = Name,
            Versions = Versions,
            CipherSuites = suites,
            Groups = groups,
            KeyShares = Versions.Contains(TlsVersion.Tls13) ? groups.Take(1).ToArray() : [],
            SignatureAlgorithms = SignatureSchemes.Select(s => SignatureSchemesByOpenSslName(s)).ToArray(),
            EcPointFormats = [0],
        };
    }

    /// <summary>True when the installed OpenSSL implements the suite (Debian builds lack 3DES, for instance).</summary>
    private static bool Available(string name) =>
        (CipherSuites.Find(name) ?? throw new ArgumentException($"unknown suite {name}")) is var s && (s.IsTls13 || OpenSslCapabilities.Suites.Contains(s.Code));

    /// <summary>False when the installed OpenSSL implements none of the client's suites.</summary>
    public bool IsExpressible => Suites.Any(Available) || Tls13Suites.Length > 0;

    private static ushort SignatureSchemesByOpenSslName(string name) =>
        TlsDoctor.Registry.SignatureSchemes.Find(name)?.Code ?? name switch
        {
            _ => throw new ArgumentException($"unknown signature scheme {name}"),
        };

    /// <summary>
    /// A client profile as `openssl s_client` can replay it: the contiguous top range of its TLS versions, the suites
    /// OpenSSL implements and would send (no PSK/SRP/static-DH/Kerberos/GOST; authentication its schemes can verify),
    /// classic groups, and the schemes OpenSSL knows. Null when nothing sendable remains.
    /// </summary>
    public static OpenSslClientSpec? FromProfile(string name, ClientOffer offer)
    {
        var known = offer.Versions.Where(v => v >= TlsVersion.Tls10 && v <= TlsVersion.Tls13).Distinct().OrderDescending().ToList();
        if (known.Count == 0) return null;
        // OpenSSL clients cannot leave holes in their range: keep the versions down to the first gap.
        var versions = new List<TlsVersion> { known[0] };
        foreach (var v in known.Skip(1)) { if (v.Value == versions[^1].Value - 1) versions.Add(v); else break; }
        var max = versions[0];
        var schemes = offer.SignatureAlgorithms.Select(OpenSslSchemeName).OfType<string>().Distinct().ToList();
        if (max >= TlsVersion.Tls12 && schemes.Count == 0) return null;
        bool Verifiable(string auth) => max < TlsVersion.Tls12 || auth switch
        {
            "RSA" => schemes.Any(x => x.StartsWith("rsa", StringComparison.OrdinalIgnoreCase)),
            "ECDSA" => schemes.Any(x => x.StartsWith("ecdsa", StringComparison.OrdinalIgnoreCase)),
            "None" => true,
            _ => false,
        };
        var suites = offer.CipherSuites.Select(CipherSuites.Find).OfType<CipherSuite>()
            .Where(s => !s.IsTls13 && !s.IsSignalling && s.OpenSslName is not null && OpenSslCapabilities.Suites.Contains(s.Code))
            .Where(s => s.Kx is "RSA" or "DH" or "ECDH" && Verifiable(s.Auth) && (s.MinProtocol is not { } m || m <= max))
            .Select(s => s.OpenSslName!).Distinct().ToArray();
        string[] tls13Supported = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256"];
        var tls13 = max == TlsVersion.Tls13
            ? offer.CipherSuites.Select(CipherSuites.Find).OfType<CipherSuite>().Where(s => s.IsTls13 && tls13Supported.Contains(s.Name)).Select(s => s.Name).ToArray()
            : [];
        string[] classicGroups = ["x25519", "secp256r1", "secp384r1", "secp521r1", "x448", "ffdhe2048", "ffdhe3072", "ffdhe4096"];
        var groups = offer.Groups.Select(TlsDoctor.Registry.Groups.Find).OfType<NamedGroup>().Select(g => g.Name).Where(classicGroups.Contains).ToArray();
        if (groups.Length == 0) groups = ["secp256r1"]; // s_client needs a list; a client without the extension is outside what it can replay
        if (suites.Length == 0 && tls13.Length == 0) return null;
        if (max == TlsVersion.Tls13 && tls13.Length == 0) return null;
        return new OpenSslClientSpec(name, versions.ToArray(), suites, tls13, groups, schemes.Count > 0 ? schemes.ToArray() : Sig(Tls12Sigalgs));
    }

    private static string? OpenSslSchemeName(ushort code) => code switch
    {
        0x0201 => "RSA+SHA1",
        0x0203 => "ECDSA+SHA1",
        0x0301 => "RSA+SHA224",
        0x0303 => "ECDSA+SHA224",
        0x0401 or 0x0501 or 0x0601 or 0x0403 or 0x0503 or 0x0603 or 0x0804 or 0x0805 or 0x0806 or 0x0807 or 0x0808 or 0x0809 or 0x080A or 0x080B
            => TlsDoctor.Registry.SignatureSchemes.Find(code)!.Name,
        _ => null,
    };

    /// <summary>
    /// The catalog's client profiles that s_client can replay, one per distinct replay (profiles that reduce to the
    /// same s_client command are run once), in catalog order.
    /// </summary>
    public static IReadOnlyList<OpenSslClientSpec> Profiles(int max) =>
        Clients.ClientProfiles.All
            .Select(p => FromProfile("profile " + p.Id, p.Offer))
            .OfType<OpenSslClientSpec>()
            .DistinctBy(s => string.Join(' ', s.Arguments()))
            .Take(max)
            .ToList();

    private const string Tls12Sigalgs = "ecdsa_secp256r1_sha256:ecdsa_secp384r1_sha384:rsa_pss_rsae_sha256:rsa_pss_rsae_sha384:rsa_pkcs1_sha256:rsa_pkcs1_sha384:RSA+SHA1:ECDSA+SHA1";

    private static readonly TlsVersion[] Only10 = [TlsVersion.Tls10];
    private static readonly TlsVersion[] Only11 = [TlsVersion.Tls11];
    private static readonly TlsVersion[] Only12 = [TlsVersion.Tls12];
    private static readonly TlsVersion[] Only13 = [TlsVersion.Tls13];
    private static readonly TlsVersion[] Upto12 = [TlsVersion.Tls10, TlsVersion.Tls11, TlsVersion.Tls12];
    private static readonly TlsVersion[] Both = [TlsVersion.Tls12, TlsVersion.Tls13];
    private static readonly string[] Tls13All = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"];
    private static readonly string[] Modern12 = ["ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305", "ECDHE-RSA-AES128-SHA", "AES128-GCM-SHA256", "AES128-SHA"];
    private static string[] Sig(string s) => s.Split(':');
    private static readonly string[] DefaultGroups = ["x25519", "secp256r1", "secp384r1"];

    /// <summary>Clients that exercise every decision of the simulator (each line says which).</summary>
    public static IReadOnlyList<OpenSslClientSpec> All { get; } =
    [
        new("modern-1.2-1.3", Both, Modern12, Tls13All, DefaultGroups, Sig(Tls12Sigalgs)),
        new("tls13-only-aes128", Only13, [], ["TLS_AES_128_GCM_SHA256"], ["x25519"], Sig("rsa_pss_rsae_sha256:ecdsa_secp256r1_sha256")),
        new("tls13-chacha-only", Only13, [], ["TLS_CHACHA20_POLY1305_SHA256"], ["x25519"], Sig("rsa_pss_rsae_sha256:ecdsa_secp256r1_sha256")),
        new("tls13-hrr-p384", Only13, [], Tls13All, ["x448", "secp384r1"], Sig("rsa_pss_rsae_sha256:ecdsa_secp256r1_sha256")),
        new("tls13-x448-only", Only13, [], Tls13All, ["x448"], Sig("rsa_pss_rsae_sha256:ecdsa_secp256r1_sha256")),
        new("tls13-no-pss", Only13, [], Tls13All, ["x25519"], Sig("ecdsa_secp256r1_sha256:rsa_pkcs1_sha256")),
        new("tls13-ecdsa-p384-sig", Only13, [], Tls13All, ["x25519"], Sig("ecdsa_secp384r1_sha384:rsa_pss_rsae_sha256")),
        new("tls12-ecdhe-rsa-gcm", Only12, ["ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384"], [], DefaultGroups, Sig(Tls12Sigalgs)),
        new("tls12-ecdhe-ecdsa-gcm", Only12, ["ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-AES128-GCM-SHA256"], [], DefaultGroups, Sig(Tls12Sigalgs)),
        new("tls12-x25519-only", Only12, ["ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256"], [], ["x25519"], Sig(Tls12Sigalgs)),
        new("tls12-p521-only", Only12, ["ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "AES256-SHA"], [], ["secp521r1"], Sig(Tls12Sigalgs)),
        new("tls12-rsa-kx", Only12, ["AES256-GCM-SHA384", "AES128-SHA256", "AES256-SHA"], [], DefaultGroups, Sig(Tls12Sigalgs)),
        new("tls12-cbc-sha384", Only12, ["ECDHE-ECDSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA384", "AES256-SHA256"], [], DefaultGroups, Sig(Tls12Sigalgs)),
        new("tls12-chacha", Only12, ["ECDHE-RSA-CHACHA20-POLY1305", "ECDHE-ECDSA-CHACHA20-POLY1305"], [], DefaultGroups, Sig(Tls12Sigalgs)),
        new("tls12-3des", Only12, ["DES-CBC3-SHA", "ECDHE-RSA-DES-CBC3-SHA", "AES256-SHA"], [], DefaultGroups, Sig(Tls12Sigalgs)),
        new("tls12-aes256-cbc-ecdsa-first", Only12, ["ECDHE-ECDSA-AES256-SHA", "ECDHE-RSA-AES256-SHA", "AES256-GCM-SHA384"], [], ["secp384r1"], Sig("ecdsa_secp384r1_sha384:rsa_pkcs1_sha256:RSA+SHA1:ECDSA+SHA1")),
        new("tls12-dhe", Only12, ["DHE-RSA-AES128-GCM-SHA256", "DHE-RSA-AES128-SHA"], [], DefaultGroups, Sig(Tls12Sigalgs)),
        new("tls12-pss-only", Only12, ["ECDHE-RSA-AES128-GCM-SHA256", "AES128-GCM-SHA256"], [], DefaultGroups, Sig("rsa_pss_rsae_sha256")),
        new("tls12-sha1-sigs", Only12, ["ECDHE-RSA-AES128-SHA", "ECDHE-ECDSA-AES128-SHA"], [], DefaultGroups, Sig("RSA+SHA1:ECDSA+SHA1")),
        new("tls11-cbc", Only11, ["ECDHE-ECDSA-AES128-SHA", "ECDHE-RSA-AES256-SHA", "AES128-SHA"], [], DefaultGroups, Sig(Tls12Sigalgs)),
        new("tls10-rsa-only", Only10, ["AES128-SHA", "AES256-SHA"], [], DefaultGroups, Sig(Tls12Sigalgs)),
        new("tls10-ecdhe", Only10, ["ECDHE-ECDSA-AES256-SHA", "ECDHE-RSA-AES128-SHA"], [], DefaultGroups, Sig(Tls12Sigalgs)),
        new("tls10-1.2-gcm-first", Upto12, ["AES128-GCM-SHA256", "ECDHE-RSA-AES128-SHA", "ECDHE-ECDSA-AES128-SHA"], [], ["secp384r1", "secp256r1"], Sig(Tls12Sigalgs)),
        new("client-order-test", Both, ["AES128-SHA", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384"], ["TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_256_GCM_SHA384"], ["secp384r1", "x25519"], Sig(Tls12Sigalgs)),
    ];
}
