using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using TlsDoctor.Negotiation;
using TlsVersion = TlsDoctor.Registry.TlsVersion;

namespace TlsDoctor.Emulator;

/// <summary>
/// A BouncyCastle TLS server that enforces exactly one <see cref="ServerPolicy"/>: its versions, its suites in
/// its order (server order when the policy says so), its groups in its order, and only suites whose
/// authentication fits one of the certificates served. Nothing from the host's TLS configuration is used.
/// </summary>
internal sealed class PolicyTlsServer : DefaultTlsServer
{
    private readonly EnginePolicy _policy;
    private readonly IReadOnlyList<ServerCertificate> _certificates;
    private readonly ServedChains _chains;

    public PolicyTlsServer(BcTlsCrypto crypto, EnginePolicy policy, IReadOnlyList<ServerCertificate> certificates, ServedChains chains) : base(crypto)
    {
        _policy = policy;
        _certificates = certificates;
        _chains = chains;
    }

    /// <summary>The fatal alert this side sent, if any (set before BouncyCastle throws).</summary>
    public short? AlertRaised { get; private set; }
    public string? AlertRaisedMessage { get; private set; }

    /// <summary>The fatal alert the client sent, if any.</summary>
    public short? AlertReceived { get; private set; }

    public bool HandshakeComplete { get; private set; }
    public TlsVersion? NegotiatedVersion { get; private set; }
    public ushort? NegotiatedSuite { get; private set; }
    public CertificateKind? ServedCertificate { get; private set; }

    protected override ProtocolVersion[] GetSupportedVersions() => _policy.EngineVersions;

    protected override int[] GetSupportedCipherSuites() => _policy.EngineSuites;

    protected override bool PreferLocalCipherSuites() => _policy.ServerOrder;

    public override bool PreferLocalSupportedGroups() => true;

    // The hello was already read under the one limit (FirstFlightReader): the engine accepts whatever passed it.
    public override int GetMaxHandshakeMessageSize() => Wire.HandshakeHeader.Length + Wire.RecordAssembler.MaxHelloLength;

    // This connection's copy of the policy's groups: the engine reads it before it has parsed the client's
    // extensions and keeps the reference, so ProcessClientExtensions can still reorder it for the key share choice.
    private int[]? _groups;

    public override int[] GetSupportedGroups() => _groups ??= (int[])_policy.EngineGroups.Clone();

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        var groups = GetSupportedGroups();
        _policy.EngineGroups.CopyTo(groups, 0);
        if (!TlsUtilities.IsTlsV13(m_context)) return;
        if (TlsExtensionsUtilities.GetKeyShareClientHello(clientExtensions) is not { Count: > 0 } shares) return;
        var clientGroups = TlsExtensionsUtilities.GetSupportedGroupsExtension(clientExtensions) ?? [];
        // s2n-tls (ELB; tls/extensions/s2n_client_key_share.c) avoids a HelloRetryRequest whenever the client sent a
        // usable share: among shares for mutually supported groups it takes the policy's most preferred post-quantum
        // one, else the policy's most preferred classical one. Only without a usable share does it ask for the
        // policy's first mutually supported group. The engine takes the first of its groups the client supports
        // (then asks for a share if there is none), so the group s2n-tls would take goes first.
        var usable = _policy.EngineGroups.Where(g => clientGroups.Contains(g) && shares.Any(s => s.NamedGroup == g)).ToList();
        if (usable.Count == 0) return;
        var chosen = usable.FirstOrDefault(g => NamedGroup.RefersToASpecificHybrid(g) || NamedGroup.RefersToASpecificKem(g), usable[0]);
        int[] reordered = [chosen, .. _policy.EngineGroups.Where(g => g != chosen)];
        reordered.CopyTo(groups, 0);
    }

    // ELB (s2n-tls) neither offers encrypt-then-MAC nor truncated HMAC; keeping them off keeps records as ELB sends them.
    protected override bool AllowEncryptThenMac() => false;

    protected override bool AllowCertificateStatus() => false;

    // RFC 5746: load balancers accept clients without renegotiation_info (they refuse renegotiation itself instead);
    // BouncyCastle's default would abort the handshake for such clients.
    public override void NotifySecureRenegotiation(bool secureRenegotiation) { }

    protected override int GetMaximumNegotiableFiniteFieldBits()
    {
        // RFC 7919 4: a client that lists no FFDHE group leaves the DHE group to the server.
        var client = m_context.SecurityParameters.ClientSupportedGroups;
        if (client is null || !client.Any(NamedGroup.IsFiniteField)) return NamedGroup.GetMaximumFiniteFieldBits();
        return base.GetMaximumNegotiableFiniteFieldBits();
    }

    protected override int SelectDH(int minimumFiniteFieldBits)
    {
        var client = m_context.SecurityParameters.ClientSupportedGroups;
        if (client is null || !client.Any(NamedGroup.IsFiniteField)) return SelectDHDefault(minimumFiniteFieldBits);
        foreach (var g in _policy.EngineGroups)
            if (NamedGroup.IsFiniteField(g) && client.Contains(g) && NamedGroup.GetFiniteFieldBits(g) >= minimumFiniteFieldBits) return g;
        return base.SelectDH(minimumFiniteFieldBits);
    }

    protected override int SelectECDH(int minimumCurveBits)
    {
        // Server preference among the policy's groups (s2n-tls walks its own curve list first).
        var client = m_context.SecurityParameters.ClientSupportedGroups;
        foreach (var g in _policy.EngineGroups)
        {
            if (!NamedGroup.RefersToASpecificCurve(g) || NamedGroup.GetCurveBits(g) < minimumCurveBits) continue;
            // RFC 8422 4: without supported_groups the client is assumed to support any curve.
            if (client is null || client.Contains(g)) return g;
        }
        return -1;
    }

    protected override int GetMaximumNegotiableCurveBits()
    {
        var client = m_context.SecurityParameters.ClientSupportedGroups;
        var bits = 0;
        foreach (var g in _policy.EngineGroups)
            if (NamedGroup.RefersToASpecificCurve(g) && (client is null || client.Contains(g)))
                bits = Math.Max(bits, NamedGroup.GetCurveBits(g));
        return bits;
    }

    public override TlsCredentials GetCredentials()
    {
        if (TlsUtilities.IsTlsV13(m_context)) return Tls13Credentials();
        return base.GetCredentials();
    }

    protected override TlsCredentialedSigner GetRsaSignerCredentials() => Signer(CertificateKind.Rsa)
        ?? throw new TlsFatalAlert(AlertDescription.handshake_failure, "no usable RSA signature scheme");

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() => Signer(CertificateKind.Ecdsa)
        ?? throw new TlsFatalAlert(AlertDescription.handshake_failure, "no usable ECDSA signature scheme");

    protected override TlsCredentialedDecryptor GetRsaEncryptionCredentials()
    {
        var certificate = Find(CertificateKind.Rsa) ?? throw new TlsFatalAlert(AlertDescription.internal_error);
        ServedCertificate = CertificateKind.Rsa;
        return new BcDefaultTlsCredentialedDecryptor((BcTlsCrypto)Crypto, ChainFor(certificate), certificate.PrivateKey);
    }

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause)
    {
        if (alertLevel == AlertLevel.fatal) { AlertRaised = alertDescription; AlertRaisedMessage = message; }
    }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        if (alertLevel == AlertLevel.fatal || alertDescription != AlertDescription.close_notify) AlertReceived ??= alertDescription;
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        var parameters = m_context.SecurityParameters;
        HandshakeComplete = true;
        NegotiatedVersion = new TlsVersion((ushort)parameters.NegotiatedVersion.FullVersion);
        NegotiatedSuite = (ushort)parameters.CipherSuite;
    }

    private TlsCredentials Tls13Credentials()
    {
        // RFC 8446 4.4.2.2: the certificate must be signable with a scheme from the client's signature_algorithms.
        foreach (var kind in PreferredKinds())
            if (Signer(kind) is { } signer) return signer;
        throw new TlsFatalAlert(AlertDescription.handshake_failure, "no certificate matches the client's signature_algorithms");
    }

    private IEnumerable<CertificateKind> PreferredKinds() =>
        _certificates.Select(c => c.Kind).Distinct().OrderBy(k => k == CertificateKind.Ecdsa ? 0 : 1);

    private TlsCredentialedSigner? Signer(CertificateKind kind)
    {
        var certificate = Find(kind);
        if (certificate is null) return null;
        var version = m_context.ServerVersion;
        SignatureAndHashAlgorithm? scheme = null;
        if (TlsUtilities.IsSignatureAlgorithmsExtensionAllowed(version))
        {
            scheme = ChooseScheme(kind, TlsUtilities.IsTlsV13(version), certificate);
            if (scheme is null) return null;
        }
        ServedCertificate = kind;
        var crypto = (BcTlsCrypto)Crypto;
        TlsSigner fallback = certificate.PrivateKey switch
        {
            Org.BouncyCastle.Crypto.Parameters.RsaKeyParameters rsa => new BcTlsRsaSigner(crypto, rsa),
            Org.BouncyCastle.Crypto.Parameters.ECPrivateKeyParameters ec => new BcTlsECDsaSigner(crypto, ec),
            _ => throw new TlsFatalAlert(AlertDescription.internal_error),
        };
        return new DefaultTlsCredentialedSigner(new TlsCryptoParameters(m_context), new NativeTlsSigner(certificate.PlatformKey, fallback),
            ChainFor(certificate), scheme);
    }

    private SignatureAndHashAlgorithm? ChooseScheme(CertificateKind kind, bool tls13, ServerCertificate certificate)
    {
        IEnumerable<SignatureAndHashAlgorithm> candidates = m_context.SecurityParameters.ClientSigAlgs
            // RFC 5246 7.4.1.4.1: a TLS 1.2 client without signature_algorithms supports {sha1, rsa|ecdsa}.
            ?? (IEnumerable<SignatureAndHashAlgorithm>)TlsUtilities.GetDefaultSignatureAlgorithms(kind == CertificateKind.Rsa ? SignatureAlgorithm.rsa : SignatureAlgorithm.ecdsa);
        // Server preference among the policy's schemes, or, where the policy states none, the same defaults the
        // simulator assumes (so the emulator never signs with a scheme such as rsa_md5 just because a client lists it first).
        var allowed = _policy.SignatureSchemes ?? TlsDoctor.Negotiation.ServerDefaults.SignatureAlgorithms;
        var offered = candidates.ToList();
        candidates = allowed.Select(code => offered.FirstOrDefault(a => Code(a) == code)).OfType<SignatureAndHashAlgorithm>();
        foreach (var a in candidates)
        {
            if (!Crypto.HasSignatureAndHashAlgorithm(a)) continue;
            var code = Code(a);
            var fits = kind switch
            {
                CertificateKind.Rsa when tls13 => code is 0x0804 or 0x0805 or 0x0806,
                CertificateKind.Rsa => a.Signature == SignatureAlgorithm.rsa || code is 0x0804 or 0x0805 or 0x0806,
                // RFC 8446 4.2.3: in TLS 1.3 the ECDSA scheme names the curve; the generated and usual keys are P-256/P-384.
                CertificateKind.Ecdsa when tls13 => code == EcdsaSchemeFor(certificate),
                CertificateKind.Ecdsa => a.Signature == SignatureAlgorithm.ecdsa,
                _ => false,
            };
            if (fits) return a;
        }
        return null;
    }

    private static int EcdsaSchemeFor(ServerCertificate certificate) => certificate.KeyBits switch
    {
        384 => 0x0503,
        521 => 0x0603,
        _ => 0x0403,
    };

    private static int Code(SignatureAndHashAlgorithm a) => ((a.Hash & 0xFF) << 8) | (a.Signature & 0xFF);

    private ServerCertificate? Find(CertificateKind kind) => _certificates.FirstOrDefault(c => c.Kind == kind);

    private Certificate ChainFor(ServerCertificate certificate) => _chains.For(certificate, TlsUtilities.IsTlsV13(m_context));
}
