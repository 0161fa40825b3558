using TlsDoctor.Registry;

namespace TlsDoctor.Wire;

/// <summary>
/// Builds ClientHellos for probes: versions, suites, groups with real key shares, signature schemes, SNI, ALPN,
/// the common flag extensions, GREASE (RFC 8701) and padding (RFC 7685). The result is an ordinary
/// <see cref="ClientHello"/>: change field or extension order afterwards with a <c>with</c> expression.
/// Randomness comes from <see cref="Random"/> (seed it for reproducible bytes).
/// Extension order: GREASE, server_name, extended_master_secret, renegotiation_info, supported_groups,
/// ec_point_formats, session_ticket, ALPN, status_request, signature_algorithms, signature_algorithms_cert,
/// encrypt_then_mac, heartbeat, key_share, psk_key_exchange_modes, supported_versions, extra extensions, GREASE, padding.
/// </summary>
public sealed class ClientHelloBuilder
{
    /// <summary>Signature schemes offered when none are given and the hello reaches TLS 1.2 (those of OpenSSL 3.0's default list).</summary>
    public static IReadOnlyList<ushort> DefaultSignatureAlgorithms { get; } =
        [0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0303, 0x0203, 0x0301, 0x0201];

    /// <summary>Groups offered when none are given and the hello reaches TLS 1.3.</summary>
    public static IReadOnlyList<ushort> DefaultGroups { get; } = [0x001D, 0x0017, 0x0018, 0x0019];

    public IList<TlsVersion> Versions { get; set; } = [TlsVersion.Tls12, TlsVersion.Tls13];
    /// <summary>Overrides the legacy_version derived from <see cref="Versions"/>.</summary>
    public ushort? LegacyVersion { get; set; }
    public IList<ushort> CipherSuites { get; set; } = [];
    public IList<byte> CompressionMethods { get; set; } = [0];
    /// <summary>supported_groups; when empty and TLS 1.3 is offered, <see cref="DefaultGroups"/>.</summary>
    public IList<ushort> Groups { get; set; } = [];
    /// <summary>Groups to send key shares for; null = the first non-GREASE group when TLS 1.3 is offered.</summary>
    public IList<ushort>? KeyShareGroups { get; set; }
    /// <summary>signature_algorithms; null = <see cref="DefaultSignatureAlgorithms"/> when TLS 1.2+ is offered; empty = no extension.</summary>
    public IList<ushort>? SignatureAlgorithms { get; set; }
    public IList<ushort>? SignatureAlgorithmsCert { get; set; }
    /// <summary>ec_point_formats; null = [uncompressed] when an ECDHE suite is offered; empty = no extension.</summary>
    public IList<byte>? EcPointFormats { get; set; }
    public string? ServerName { get; set; }
    public IList<string> Alpn { get; set; } = [];
    public bool StatusRequest { get; set; }
    public bool SessionTicket { get; set; }
    public bool ExtendedMasterSecret { get; set; }
    public bool EncryptThenMac { get; set; }
    public bool RenegotiationInfo { get; set; }
    public bool Heartbeat { get; set; }
    /// <summary>psk_key_exchange_modes; null = [psk_dhe_ke] when TLS 1.3 is offered.</summary>
    public IList<byte>? PskKeyExchangeModes { get; set; }
    /// <summary>Add GREASE values the way Chromium does (first suite, first group and key share, first version, first and last extension).</summary>
    public bool Grease { get; set; }
    public PaddingMode Padding { get; set; } = PaddingMode.None;
    public int PaddingTarget { get; set; } = 512;
    /// <summary>Raw extensions appended after the generated ones (before the trailing GREASE and padding).</summary>
    public IList<TlsExtension> ExtraExtensions { get; set; } = [];
    /// <summary>The legacy_session_id; null = 32 random bytes when TLS 1.3 is offered (middlebox compatibility, RFC 8446 D.4), else empty.</summary>
    public byte[]? SessionId { get; set; }
    public byte[]? ClientRandom { get; set; }
    public RandomSource Random { get; set; } = RandomSource.Secure;

    public ClientHelloBuilder WithVersions(params TlsVersion[] versions) { Versions = versions.ToList(); return this; }
    public ClientHelloBuilder WithCipherSuites(params ushort[] suites) { CipherSuites = suites.ToList(); return this; }
    public ClientHelloBuilder WithCipherSuites(IEnumerable<ushort> suites) { CipherSuites = suites.ToList(); return this; }
    public ClientHelloBuilder WithGroups(params ushort[] groups) { Groups = groups.ToList(); return this; }
    public ClientHelloBuilder WithKeyShares(params ushort[] groups) { KeyShareGroups = groups.ToList(); return this; }
    public ClientHelloBuilder WithSignatureAlgorithms(params ushort[] schemes) { SignatureAlgorithms = schemes.ToList(); return this; }
    public ClientHelloBuilder WithServerName(string? hostName) { ServerName = hostName; return this; }
    public ClientHelloBuilder WithAlpn(params string[] protocols) { Alpn = protocols.ToList(); return this; }
    public ClientHelloBuilder WithGrease(bool on = true) { Grease = on; return this; }
    public ClientHelloBuilder WithPadding(PaddingMode mode, int target = 512) { Padding = mode; PaddingTarget = target; return this; }
    public ClientHelloBuilder WithRandom(RandomSource random) { Random = random; return this; }
    public ClientHelloBuilder WithExtension(ushort type, byte[] data) { ExtraExtensions.Add(new TlsExtension(type, data)); return this; }

    public ClientHello Build() => Build(out _);

    /// <summary>Builds the hello and returns the private keys of its key shares (for completing a handshake).</summary>
    public ClientHello Build(out IReadOnlyList<KeyShareKeyPair> keys)
    {
        var known = Versions.Where(v => v.IsKnown && v != TlsVersion.SSLv2).Distinct().OrderDescending().ToList();
        if (known.Count == 0) throw new InvalidOperationException("a TLS ClientHello needs at least one version from SSLv3 to TLS 1.3 (use Sslv2ClientHello for SSL 2.0)");
        var max = known[0];
        var tls13 = max >= TlsVersion.Tls13;
        var legacy = LegacyVersion ?? (tls13 ? (ushort)0x0303 : max.Value);

        var greasePicks = new Queue<ushort>();
        if (Grease)
        {
            // Distinct GREASE values for suite, extension 1, extension 2, group, version (Chromium picks per hello).
            var values = Registry.Grease.Values.OrderBy(_ => Random.NextIndex(1 << 16)).Take(5);
            foreach (var v in values) greasePicks.Enqueue(v);
        }
        ushort NextGrease() => greasePicks.Count > 0 ? greasePicks.Dequeue() : (ushort)0x0A0A;
        var greaseSuite = Grease ? NextGrease() : (ushort)0;
        var greaseExtFirst = Grease ? NextGrease() : (ushort)0;
        var greaseExtLast = Grease ? NextGrease() : (ushort)0;
        var greaseGroup = Grease ? NextGrease() : (ushort)0;
        var greaseVersion = Grease ? NextGrease() : (ushort)0;

        var random = ClientRandom ?? Random.GetBytes(32);
        if (random.Length != 32) throw new InvalidOperationException("ClientRandom must be 32 bytes");
        var sessionId = SessionId ?? (tls13 ? Random.GetBytes(32) : []);

        var suites = new List<ushort>();
        if (Grease) suites.Add(greaseSuite);
        suites.AddRange(CipherSuites);

        var groups = Groups.Count > 0 ? Groups.ToList() : tls13 ? DefaultGroups.ToList() : [];
        var ext = new List<TlsExtension>();
        void Add(ushort type, byte[] data) => ext.Add(new TlsExtension(type, data));

        if (Grease) Add(greaseExtFirst, []);
        if (ServerName is { Length: > 0 } sni) Add(ExtensionType.ServerName, ExtensionCodec.EncodeServerName(sni));
        if (ExtendedMasterSecret) Add(ExtensionType.ExtendedMasterSecret, []);
        if (RenegotiationInfo) Add(ExtensionType.RenegotiationInfo, [0]);
        if (groups.Count > 0)
            Add(ExtensionType.SupportedGroups, ExtensionCodec.EncodeUInt16List16(Grease ? groups.Prepend(greaseGroup) : groups));
        var pointFormats = EcPointFormats ?? (OffersEcdhe() ? [0] : []);
        if (pointFormats.Count > 0) Add(ExtensionType.EcPointFormats, ExtensionCodec.EncodeUInt8List8(pointFormats));
        if (SessionTicket) Add(ExtensionType.SessionTicket, []);
        if (Alpn.Count > 0) Add(ExtensionType.ApplicationLayerProtocolNegotiation, ExtensionCodec.EncodeAlpn(Alpn));
        if (StatusRequest) Add(ExtensionType.StatusRequest, ExtensionCodec.EncodeStatusRequestOcsp());
        var sigalgs = SignatureAlgorithms ?? (max >= TlsVersion.Tls12 ? DefaultSignatureAlgorithms.ToList() : []);
        if (sigalgs.Count > 0) Add(ExtensionType.SignatureAlgorithms, ExtensionCodec.EncodeUInt16List16(sigalgs));
        if (SignatureAlgorithmsCert is { Count: > 0 } certAlgs) Add(ExtensionType.SignatureAlgorithmsCert, ExtensionCodec.EncodeUInt16List16(certAlgs));
        if (EncryptThenMac) Add(ExtensionType.EncryptThenMac, []);
        if (Heartbeat) Add(ExtensionType.Heartbeat, ExtensionCodec.EncodeHeartbeat());

        var pairs = new List<KeyShareKeyPair>();
        if (tls13)
        {
            var shareGroups = KeyShareGroups ?? groups.Where(g => !Registry.Grease.IsGrease(g)).Take(1).ToList();
            var entries = new List<KeyShareEntry>();
            if (Grease) entries.Add(new KeyShareEntry(greaseGroup, new byte[] { 0 }));
            foreach (var g in shareGroups)
            {
                var pair = KeyShareGenerator.TryGenerate(g, Random);
                if (pair is null)
                {
                    // No generator (GREASE, unknown, GOST…): a random share of the registry's length keeps the framing honest.
                    var length = Registry.Groups.Find(g)?.ClientShareLength ?? (Registry.Grease.IsGrease(g) ? 1 : 32);
                    entries.Add(new KeyShareEntry(g, Random.GetBytes(length)));
                    continue;
                }
                pairs.Add(pair);
                entries.Add(pair.ToEntry());
            }
            Add(ExtensionType.KeyShare, ExtensionCodec.EncodeClientKeyShares(entries));
            Add(ExtensionType.PskKeyExchangeModes, ExtensionCodec.EncodeUInt8List8(PskKeyExchangeModes ?? [1]));
            var versions = known.Where(v => v >= TlsVersion.Tls10 || v == TlsVersion.SSLv3).Select(v => v.Value);
            Add(ExtensionType.SupportedVersions, ExtensionCodec.EncodeUInt16List8(Grease ? versions.Prepend(greaseVersion) : versions));
        }
        foreach (var e in ExtraExtensions) ext.Add(e);
        if (Grease) Add(greaseExtLast, [0]);

        var hello = new ClientHello
        {
            LegacyVersion = legacy,
            Random = random,
            SessionId = sessionId,
            CipherSuites = suites,
            CompressionMethods = CompressionMethods.ToArray(),
            Extensions = ext.Count == 0 && max == TlsVersion.SSLv3 ? null : ext,
        };
        hello = ApplyPadding(hello);
        keys = pairs;
        return hello;
    }

    private ClientHello ApplyPadding(ClientHello hello)
    {
        if (Padding == PaddingMode.None || hello.Extensions is null) return hello;
        var length = hello.EncodedLength;
        int padding;
        if (Padding == PaddingMode.Avoid256To511)
        {
            if (length is < 256 or > 511) return hello;
            padding = Math.Max(0, 512 - length - 4);
        }
        else
        {
            if (length + 4 > PaddingTarget) return hello;
            padding = PaddingTarget - length - 4;
        }
        return hello with { Extensions = [.. hello.Extensions, new TlsExtension(ExtensionType.Padding, new byte[padding])] };
    }

    private bool OffersEcdhe() =>
        CipherSuites.Any(s => Registry.CipherSuites.Find(s) is { } suite && suite.Kx.StartsWith("ECDH", StringComparison.Ordinal));
}
