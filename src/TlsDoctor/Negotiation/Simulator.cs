using TlsDoctor.Registry;

namespace TlsDoctor.Negotiation;

/// <summary>
/// Meets a client offer with a server policy and predicts the server's answer, deciding in the order a server
/// does: version → cipher suite (whose preference wins; TLS 1.3 suites apart) → group / HelloRetryRequest →
/// signature scheme → certificate. Pure and deterministic. The semantics follow OpenSSL 3.0's server
/// (ssl/statem/statem_srvr.c, ssl/s3_lib.c ssl3_choose_cipher, ssl/t1_lib.c) and the RFCs; docs/simulate.md
/// lists every rule with its source.
/// </summary>
public static class Simulator
{
    private static readonly CertificateKind[] RsaOnly = [CertificateKind.Rsa];
    private static readonly CertificateKind[] EcdsaOnly = [CertificateKind.Ecdsa];

    public static NegotiationOutcome Negotiate(ClientOffer client, ServerPolicy policy, CertificateKind certificate) =>
        Negotiate(client, policy, certificate == CertificateKind.Rsa ? RsaOnly : EcdsaOnly);

    /// <summary>Negotiates against a server holding every certificate in <paramref name="certificates"/> (e.g. RSA and ECDSA).</summary>
    public static NegotiationOutcome Negotiate(ClientOffer client, ServerPolicy policy, IReadOnlyCollection<CertificateKind> certificates)
    {
        if (certificates.Count == 0) throw new ArgumentException("the server needs at least one certificate", nameof(certificates));
        // A server decodes the whole hello before it negotiates anything (OpenSSL tls_collect_extensions, BouncyCastle
        // TlsProtocol.ReadExtensions): a faulty hello is refused whatever the policy.
        if (client.Defects.Count > 0)
            return Refuse(RefusalReason.MalformedClientHello, client.Defects[0].Alert, $"the server aborts on the ClientHello itself: {client.Defects[0].Description}");
        if (policy.Versions.Count == 0 || policy.Unknown.HasFlag(PolicyUnknowns.Protocols))
            return Refuse(RefusalReason.PolicyUnknown, AlertDescriptions.HandshakeFailure,
                $"the catalog does not know which protocol versions policy {policy.Name} enables");
        if (policy.CipherSuites.Count == 0 && !policy.Unknown.HasFlag(PolicyUnknowns.Tls13CipherSuites) && !policy.Unknown.HasFlag(PolicyUnknowns.Tls12CipherSuites))
            return Refuse(RefusalReason.PolicyUnknown, AlertDescriptions.HandshakeFailure,
                $"the catalog does not know which cipher suites policy {policy.Name} enables");

        var clientVersions = client.Versions.Where(v => v.IsKnown).Distinct().ToList();
        if (clientVersions.Count > 0 && clientVersions.All(v => v == TlsVersion.SSLv2) && !policy.Versions.Contains(TlsVersion.SSLv2))
            return Refuse(RefusalReason.ClientOffersSslv2Only, AlertDescriptions.ProtocolVersion,
                $"client offers SSL 2.0 only, which policy {policy.Name} does not enable (RFC 6176 prohibits it)");

        var version = ChooseVersion(clientVersions, policy, out var versionRefusal);
        if (versionRefusal is not null) return versionRefusal;

        // The version is decided before the suites, so a policy whose suites for that version are unknown
        // cannot be simulated past this point.
        if (policy.Unknown.HasFlag(version == TlsVersion.Tls13 ? PolicyUnknowns.Tls13CipherSuites : PolicyUnknowns.Tls12CipherSuites))
            return Refuse(RefusalReason.PolicyUnknown, AlertDescriptions.HandshakeFailure,
                $"{Display(version)} would be negotiated, but the catalog does not know which {(version == TlsVersion.Tls13 ? "TLS 1.3" : "TLS 1.0–1.2")} cipher suites policy {policy.Name} enables");

        return version == TlsVersion.Tls13
            ? NegotiateTls13(client, policy, certificates)
            : NegotiateTls12OrEarlier(client, policy, certificates, version);
    }

    // ---------------------------------------------------------------- version

    private static TlsVersion ChooseVersion(List<TlsVersion> clientVersions, ServerPolicy policy, out NegotiationOutcome.Refused? refusal)
    {
        refusal = null;
        var server = policy.Versions.Where(v => v.IsKnown).ToHashSet();
        var clientTls = clientVersions.Where(v => v != TlsVersion.SSLv2).ToList();
        if (clientTls.Count == 0)
        {
            refusal = VersionRefusal(clientVersions, policy, "client offers no protocol version");
            return default;
        }

        if (clientTls.Contains(TlsVersion.Tls13))
        {
            // A client offering TLS 1.3 lists its versions in supported_versions; the server picks the highest it
            // enables from that list and ignores legacy_version (RFC 8446 4.2.1; OpenSSL ssl_choose_server_version).
            var common = clientTls.Where(server.Contains).ToList();
            if (common.Count > 0) return common.Max();
            refusal = VersionRefusal(clientTls, policy, null);
            return default;
        }

        // Without supported_versions the client states only its highest version (legacy_version); the server picks
        // the highest version it enables that is not above it (RFC 5246 E.1; OpenSSL ssl_choose_server_version skips
        // disabled versions). The client then aborts if that version is below its own minimum (RFC 5246 E.1).
        var clientMax = clientTls.Max();
        var candidates = server.Where(v => v <= clientMax && v != TlsVersion.SSLv2).ToList();
        if (candidates.Count == 0)
        {
            refusal = VersionRefusal(clientTls, policy, null);
            return default;
        }
        var chosen = candidates.Max();
        if (!clientTls.Contains(chosen))
        {
            refusal = VersionRefusal(clientTls, policy, null);
            return default;
        }
        return chosen;
    }

    private static NegotiationOutcome.Refused VersionRefusal(List<TlsVersion> client, ServerPolicy policy, string? fixedText)
    {
        var serverVersions = policy.Versions.Where(v => v.IsKnown && v != TlsVersion.SSLv2).ToList();
        string text;
        if (fixedText is not null)
            text = $"{fixedText}; policy {policy.Name} enables {Describe(serverVersions)}";
        else if (serverVersions.Count == 0)
            text = $"policy {policy.Name} enables no TLS version";
        else if (client.Max() < serverVersions.Min())
            text = $"client offers {Display(client.Max())} at most; policy {policy.Name} requires {Display(serverVersions.Min())} or later";
        else if (client.Min() > serverVersions.Max())
            text = $"client requires {Display(client.Min())} or later; policy {policy.Name} allows {Display(serverVersions.Max())} at most";
        else
            text = $"client offers {Describe(client)} and policy {policy.Name} enables {Describe(serverVersions)}, with no version both accept";
        // A server refuses a version it cannot meet with protocol_version (RFC 8446 4.2.1, RFC 5246 E.1).
        return new NegotiationOutcome.Refused(RefusalReason.NoSharedProtocol, AlertDescriptions.ProtocolVersion, text);
    }

    // ---------------------------------------------------------------- TLS 1.3

    private static NegotiationOutcome NegotiateTls13(ClientOffer client, ServerPolicy policy, IReadOnlyCollection<CertificateKind> certificates)
    {
        // TLS 1.3 suites are chosen apart from the TLS 1.2 ones and carry no key exchange or authentication
        // (RFC 8446 4.1.1); OpenSSL keeps them in a separate list (SSL_CTX_set_ciphersuites).
        var serverSuites = policy.CipherSuites.Where(IsTls13Suite).ToList();
        var clientSuites = client.CipherSuites.Where(IsTls13Suite).ToList();
        var suite = PickByPreference(serverSuites, clientSuites, policy.ServerOrder);
        if (suite is null)
            return Refuse(RefusalReason.NoSharedCipher, AlertDescriptions.HandshakeFailure, clientSuites.Count == 0
                ? $"TLS 1.3 was negotiated but the client offers no TLS 1.3 cipher suite; policy {policy.Name} enables {Names(serverSuites)}"
                : $"at TLS 1.3, client offers {Names(clientSuites)} and policy {policy.Name} enables {Names(serverSuites)}, with none in common");

        // Key exchange (RFC 8446 4.2.7, 4.2.8). OpenSSL 3.0 takes the first client key_share whose group it accepts
        // (ssl/statem/extensions_srvr.c tls_parse_ctos_key_share); if none, it sends a HelloRetryRequest for its
        // own first group that the client lists in supported_groups (extensions.c final_key_share).
        var serverGroups = ServerGroups(policy).Where(g => Groups.Find(g)?.AllowedInTls13 == true).ToList();
        var clientGroups = client.Groups.Where(g => !Grease.IsGrease(g)).ToList();
        if (clientGroups.Count == 0)
            return Refuse(RefusalReason.NoSharedGroup, AlertDescriptions.MissingExtension,
                $"TLS 1.3 needs a key exchange group but the client sends no supported_groups; policy {policy.Name} accepts {GroupNames(serverGroups)}");
        var keyShares = client.KeyShares.Count > 0
            ? client.KeyShares
            : clientGroups.Where(g => Groups.Find(g)?.AllowedInTls13 == true).Take(1).ToList();
        ushort? group = null;
        foreach (var share in keyShares)
            if (clientGroups.Contains(share) && serverGroups.Contains(share)) { group = share; break; }
        var viaRetry = false;
        if (group is null)
        {
            var retry = PickByPreference(serverGroups, clientGroups, serverOrder: true);
            if (retry is null)
                return Refuse(RefusalReason.NoSharedGroup, AlertDescriptions.HandshakeFailure,
                    $"client offers groups {GroupNames(clientGroups)}; policy {policy.Name} accepts {GroupNames(serverGroups)}, with none in common");
            group = retry;
            viaRetry = true;
        }

        // The certificate's signature (RFC 8446 4.2.3, 4.4.3): TLS 1.3 requires signature_algorithms; RSA keys sign
        // with RSA-PSS only, and an ECDSA scheme names its curve.
        var clientSchemes = client.SignatureAlgorithms.Where(s => !Grease.IsGrease(s)).ToList();
        if (clientSchemes.Count == 0)
            return Refuse(RefusalReason.NoSharedSignatureAlgorithm, AlertDescriptions.MissingExtension,
                "TLS 1.3 requires signature_algorithms and the client does not send it");
        var choice = ChooseScheme(clientSchemes, policy, certificates, TlsVersion.Tls13);
        if (choice is null)
            return Refuse(RefusalReason.NoSharedSignatureAlgorithm, AlertDescriptions.HandshakeFailure,
                $"client accepts signatures {SchemeNames(clientSchemes)}; none fits the server's {CertificateNames(certificates)} certificate at TLS 1.3 (needs {SchemeNames(UsableSchemes(certificates, TlsVersion.Tls13))})");

        return new NegotiationOutcome.Agreed(TlsVersion.Tls13, suite.Value, group, choice.Value.Scheme, choice.Value.Certificate, viaRetry);
    }

    // ---------------------------------------------------------------- TLS 1.2 and earlier

    private enum Stage { Certificate = 1, Group = 2, Signature = 3 }

    private static NegotiationOutcome NegotiateTls12OrEarlier(ClientOffer client, ServerPolicy policy, IReadOnlyCollection<CertificateKind> certificates, TlsVersion version)
    {
        var serverSuites = policy.CipherSuites.Where(c => IsSelectable(c) && !IsTls13Suite(c)).ToList();
        var clientSuites = client.CipherSuites.Where(c => IsSelectable(c) && !IsTls13Suite(c)).ToList();
        var clientSet = clientSuites.ToHashSet();
        var shared = serverSuites.Where(clientSet.Contains).ToList();
        // A suite defined for a later version is skipped (OpenSSL ssl3_choose_cipher: min_tls > version).
        var usable = shared.Where(c => CipherSuites.Find(c)?.MinProtocol is not { } min || min <= version).ToList();
        if (usable.Count == 0)
        {
            var text = shared.Count > 0
                ? $"the suites client and policy {policy.Name} share ({Names(shared)}) need {Display(shared.Select(c => CipherSuites.Find(c)?.MinProtocol ?? version).Min())} or later, and {Display(version)} was negotiated"
                : $"at {Display(version)}, client offers {Names(clientSuites)} and policy {policy.Name} enables {Names(serverSuites.Where(c => CipherSuites.Find(c)?.MinProtocol is not { } m || m <= version))}, with none in common";
            return Refuse(RefusalReason.NoSharedCipher, AlertDescriptions.HandshakeFailure, text);
        }

        var usableSet = usable.ToHashSet();
        var order = policy.ServerOrder ? usable : clientSuites.Where(usableSet.Contains).ToList();
        var serverGroups = ServerGroups(policy).Where(g => Groups.Find(g) is { AllowedInTls12: true, Kind: GroupKind.Ecdhe }).ToList();
        var clientGroups = client.Groups.Where(g => !Grease.IsGrease(g)).ToList();
        var clientSchemes = client.SignatureAlgorithms.Where(s => !Grease.IsGrease(s)).ToList();

        var deepest = (Stage)0;
        Func<string>? deepestText = null;
        foreach (var code in order)
        {
            var suite = CipherSuites.Find(code)!;
            var certificate = CertificateFor(suite, certificates);
            if (certificate is null)
            {
                Note(Stage.Certificate, static () => "");
                continue;
            }
            // An ECDSA certificate's curve must be one the client lists, when it lists any (RFC 8422 5.1; OpenSSL
            // tls1_check_cert_param → tls1_check_group_id: no extension means any curve).
            if (certificate == CertificateKind.Ecdsa && clientGroups.Count > 0 && !clientGroups.Contains(ServerDefaults.EcdsaCertificateCurve))
            {
                Note(Stage.Group, () => $"the server's ECDSA certificate is on {Groups.Describe(ServerDefaults.EcdsaCertificateCurve)}, which the client does not list among its groups ({GroupNames(clientGroups)})");
                continue;
            }
            ushort? group = null;
            if (suite.Kx == "ECDH")
            {
                // ECDHE needs a group both list; with server preference the server's order wins (OpenSSL
                // tls1_shared_group). A client without supported_groups gets no ECDHE suite from OpenSSL
                // (tls1_check_ec_tmp_key finds no shared group).
                var pick = PickByPreference(serverGroups, clientGroups, policy.ServerOrder);
                if (pick is null)
                {
                    Note(Stage.Group, () => clientGroups.Count == 0
                        ? $"the client sends no supported_groups, so no ECDHE suite is possible; policy {policy.Name} accepts {GroupNames(serverGroups)}"
                        : $"client offers groups {GroupNames(clientGroups)}; policy {policy.Name} accepts {GroupNames(serverGroups)}, with none in common");
                    continue;
                }
                group = pick;
            }
            ushort? scheme = null;
            if (suite.Kx is "ECDH" or "DH" && suite.Auth is "RSA" or "ECDSA" && version == TlsVersion.Tls12)
            {
                // Absent signature_algorithms means {sha1} with the certificate's algorithm (RFC 5246 7.4.1.4.1).
                var offered = clientSchemes.Count > 0 ? clientSchemes : [0x0201, 0x0203];
                var choice = ChooseScheme(offered, policy, [certificate.Value], TlsVersion.Tls12);
                if (choice is null)
                {
                    var cert = certificate.Value;
                    Note(Stage.Signature, () => $"client accepts signatures {SchemeNames(offered)}; none fits the server's {CertificateNames([cert])} certificate (needs one of {SchemeNames(UsableSchemes([cert], TlsVersion.Tls12))})");
                    continue;
                }
                scheme = choice.Value.Scheme;
            }
            return new NegotiationOutcome.Agreed(version, code, group, scheme, certificate.Value, false);
        }

        return deepest switch
        {
            Stage.Signature => Refuse(RefusalReason.NoSharedSignatureAlgorithm, AlertDescriptions.HandshakeFailure, deepestText!()),
            Stage.Group => Refuse(RefusalReason.NoSharedGroup, AlertDescriptions.HandshakeFailure, deepestText!()),
            _ => Refuse(RefusalReason.NoCipherForCertificate, AlertDescriptions.HandshakeFailure,
                $"the suites client and policy {policy.Name} share at {Display(version)} ({Names(usable)}) all need {NeededCertificates(usable)}, and the server holds {(certificates.Count > 1 ? "RSA and ECDSA certificates" : "an " + CertificateNames(certificates) + " certificate")}"),
        };

        void Note(Stage stage, Func<string> text)
        {
            if (stage > deepest) { deepest = stage; deepestText = text; }
        }
    }

    /// <summary>
    /// The certificate a TLS ≤ 1.2 suite would use, or null when the server holds none that fits. Only
    /// certificate-authenticated RSA/DHE/ECDHE suites and anonymous (EC)DH are implementable by a server holding
    /// RSA/ECDSA certificates; PSK, SRP, static-DH, Kerberos, GOST and export key exchanges need credentials
    /// or code it lacks (OpenSSL 3.0 implements no export suites).
    /// </summary>
    private static CertificateKind? CertificateFor(CipherSuite suite, IReadOnlyCollection<CertificateKind> certificates)
    {
        if (suite.IsExport) return null;
        return (suite.Kx, suite.Auth) switch
        {
            ("RSA" or "DH" or "ECDH", "RSA") when certificates.Contains(CertificateKind.Rsa) => CertificateKind.Rsa,
            ("ECDH", "ECDSA") when certificates.Contains(CertificateKind.Ecdsa) => CertificateKind.Ecdsa,
            ("DH" or "ECDH", "None") => certificates.First(),
            _ => null,
        };
    }

    private static string NeededCertificates(IEnumerable<ushort> suites)
    {
        var needs = suites.Select(c => CipherSuites.Find(c)!).Select(s => s.IsExport ? "export-grade keys" : s.Auth switch
        {
            "RSA" when s.Kx is "RSA" or "DH" or "ECDH" => "an RSA certificate",
            "ECDSA" when s.Kx == "ECDH" => "an ECDSA certificate",
            _ => $"{s.Kx}/{s.Auth} credentials",
        }).Distinct().ToList();
        return string.Join(" or ", needs);
    }

    // ---------------------------------------------------------------- signature schemes

    /// <summary>
    /// Signature schemes a certificate can make at a version. TLS 1.3: RSA keys sign only with RSA-PSS (rsae),
    /// ECDSA schemes are bound to a curve (RFC 8446 4.2.3). TLS 1.2: PKCS#1 v1.5 or PSS for RSA, any ECDSA hash
    /// for ECDSA (RFC 5246 7.4.1.4.1, RFC 8422 5.4); OpenSSL 3.0 implements no MD5 signatures.
    /// </summary>
    private static bool Fits(ushort code, CertificateKind certificate, TlsVersion version)
    {
        if (SignatureSchemes.Find(code) is not { } s) return false;
        if (version == TlsVersion.Tls13)
            return certificate == CertificateKind.Rsa
                ? s.Name.StartsWith("rsa_pss_rsae_", StringComparison.Ordinal)
                : code == ServerDefaults.EcdsaCertificateTls13Scheme;
        if (s.Name.EndsWith("_md5", StringComparison.Ordinal) || s.Name.Contains("brainpool", StringComparison.Ordinal)) return false;
        return certificate == CertificateKind.Rsa
            ? s.Name.StartsWith("rsa_pkcs1_", StringComparison.Ordinal) || s.Name == "rsa_sha224" || s.Name.StartsWith("rsa_pss_rsae_", StringComparison.Ordinal)
            : s.KeyType == "ecdsa" && s.AllowedInTls12;
    }

    private static List<ushort> UsableSchemes(IReadOnlyCollection<CertificateKind> certificates, TlsVersion version) =>
        ServerDefaults.SignatureAlgorithms.Where(s => certificates.Any(c => Fits(s, c, version))).ToList();

    /// <summary>
    /// Picks the signature scheme and, with several certificates, the certificate: the first shared scheme in the
    /// preference order that wins (OpenSSL tls1_set_shared_sigalgs: the server's list with server preference,
    /// else the client's), for which the server holds a fitting certificate (OpenSSL tls_choose_sigalg).
    /// </summary>
    private static (ushort Scheme, CertificateKind Certificate)? ChooseScheme(IReadOnlyList<ushort> clientSchemes, ServerPolicy policy,
        IReadOnlyCollection<CertificateKind> certificates, TlsVersion version)
    {
        var serverSchemes = policy.SignatureAlgorithms ?? ServerDefaults.SignatureAlgorithms;
        IEnumerable<ushort> order = policy.ServerOrder
            ? serverSchemes.Where(clientSchemes.Contains)
            : clientSchemes.Where(serverSchemes.Contains);
        foreach (var scheme in order)
            foreach (var certificate in certificates)
                if (Fits(scheme, certificate, version))
                    return (scheme, certificate);
        return null;
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>
    /// The groups the simulated server accepts, in its order: the policy's stated groups when complete; when the
    /// catalog flags them unknown or partial, the stated ones followed by those an implementation of the policy
    /// uses (s2n-tls, <see cref="ServerPolicy.ImplementationGroups"/>), or else OpenSSL 3.0's defaults.
    /// </summary>
    public static IReadOnlyList<ushort> ServerGroups(ServerPolicy policy)
    {
        if (policy.Groups is { } stated && !policy.Unknown.HasFlag(PolicyUnknowns.Groups)) return stated;
        var fill = policy.ImplementationGroups ?? ServerDefaults.Groups;
        return (policy.Groups ?? []).Concat(fill).Distinct().ToList();
    }

    private static ushort? PickByPreference(IReadOnlyList<ushort> server, IReadOnlyList<ushort> client, bool serverOrder)
    {
        if (serverOrder)
        {
            foreach (var s in server) if (client.Contains(s)) return s;
        }
        else
        {
            foreach (var c in client) if (server.Contains(c)) return c;
        }
        return null;
    }

    private static bool IsSelectable(ushort code) =>
        !Grease.IsGrease(code) && CipherSuites.Find(code) is { IsSignalling: false };

    private static bool IsTls13Suite(ushort code) => CipherSuites.Find(code) is { IsTls13: true };

    private static NegotiationOutcome.Refused Refuse(RefusalReason reason, byte alert, string text) => new(reason, alert, text);

    /// <summary>"TLS 1.2", "SSL 3.0": the spelling explanations use.</summary>
    public static string Display(TlsVersion version) => version.Value switch
    {
        0x0002 => "SSL 2.0",
        0x0300 => "SSL 3.0",
        0x0301 => "TLS 1.0",
        0x0302 => "TLS 1.1",
        0x0303 => "TLS 1.2",
        0x0304 => "TLS 1.3",
        _ => version.Name,
    };

    private static string Describe(IEnumerable<TlsVersion> versions)
    {
        var list = versions.Distinct().Order().Select(Display).ToList();
        return list.Count switch { 0 => "no version", 1 => list[0] + " only", _ => string.Join(", ", list) };
    }

    private const int ListLimit = 4;

    private static string Limited(IEnumerable<string> items)
    {
        var list = items.ToList();
        if (list.Count == 0) return "none";
        return list.Count <= ListLimit ? string.Join(", ", list) : string.Join(", ", list.Take(ListLimit)) + $" and {list.Count - ListLimit} more";
    }

    private static string Names(IEnumerable<ushort> suites) => Limited(suites.Select(CipherSuites.Describe));
    private static string GroupNames(IEnumerable<ushort> groups) => Limited(groups.Select(Groups.Describe));
    private static string SchemeNames(IEnumerable<ushort> schemes) => Limited(schemes.Select(SignatureSchemes.Describe));

    private static string CertificateNames(IEnumerable<CertificateKind> certificates) =>
        string.Join(" and ", certificates.Select(c => c == CertificateKind.Rsa ? "RSA" : "ECDSA"));
}
