using TlsDoctor.Registry;
using TlsDoctor.Wire;

namespace TlsDoctor.Negotiation;

/// <summary>
/// The two directions between the wire and a <see cref="ClientOffer"/>: a decoded hello → what it offers, and an offer →
/// the builder of a hello that offers it. Kept here, above Wire, so the codec knows nothing of negotiation.
/// </summary>
public static class HelloOffers
{
    /// <summary>The client side of a negotiation question (see <see cref="ClientHello.OfferedVersions"/> for the version rule).</summary>
    public static ClientOffer ToClientOffer(this ClientHello hello, string name = "ClientHello", TlsVersion? floor = null) => new()
    {
        Name = name,
        Versions = hello.OfferedVersions(floor),
        CipherSuites = hello.CipherSuites,
        Groups = hello.SupportedGroups,
        KeyShares = hello.KeyShares.Select(k => k.Group).ToArray(),
        SignatureAlgorithms = hello.SignatureAlgorithms,
        EcPointFormats = hello.EcPointFormats,
        ServerName = hello.ServerName,
        Alpn = hello.Alpn,
        Defects = DefectsOf(hello),
    };

    /// <summary>
    /// What makes a server abort on the hello before negotiating: a duplicate extension (RFC 8446 4.2; OpenSSL and
    /// BouncyCastle send illegal_parameter) and a malformed body of an extension the server reads (decode_error).
    /// </summary>
    private static IReadOnlyList<HelloDefect> DefectsOf(ClientHello hello)
    {
        if (hello.DuplicateExtensions.Count == 0 && hello.MalformedExtensions.Count == 0) return [];
        var defects = new List<HelloDefect>();
        foreach (var type in hello.DuplicateExtensions.Distinct())
            defects.Add(new HelloDefect(AlertDescriptions.IllegalParameter, $"the {Extensions.Describe(type)} extension appears more than once (RFC 8446 4.2)"));
        foreach (var type in hello.MalformedExtensions)
            defects.Add(new HelloDefect(AlertDescriptions.DecodeError, $"the {Extensions.Describe(type)} extension body does not match its structure"));
        return defects;
    }

    /// <summary>
    /// An SSL 2.0 hello (version 0x0002) offers SSLv2 only; the compatible form offers SSLv2 (when it lists SSL 2.0 kinds)
    /// and every version from SSLv3 up to its version field.
    /// </summary>
    public static ClientOffer ToClientOffer(this Sslv2ClientHello hello, string name = "SSLv2 CLIENT-HELLO")
    {
        var versions = new List<TlsVersion>();
        if (hello.Version == 0x0002 || hello.Sslv2CipherKinds.Count > 0) versions.Add(TlsVersion.SSLv2);
        versions.AddRange(TlsVersion.All.Where(v => v >= TlsVersion.SSLv3 && v.Value <= Math.Min(hello.Version, (ushort)0x0303)));
        return new ClientOffer { Name = name, Versions = versions, CipherSuites = hello.TlsCipherSuites };
    }

    /// <summary>
    /// A builder for a TLS hello that offers what <paramref name="offer"/> offers (its TLS versions, suites, groups, key
    /// shares, signature schemes, point formats, SNI, ALPN), with renegotiation_info and extended_master_secret as every
    /// current client sends them. Null when the offer holds no version a TLS hello can carry (SSL 2.0 only).
    /// </summary>
    public static ClientHelloBuilder? ToHelloBuilder(this ClientOffer offer, string? serverName = null)
    {
        var versions = offer.Versions.Where(v => v.IsKnown && v != TlsVersion.SSLv2).ToList();
        if (versions.Count == 0) return null;
        return new ClientHelloBuilder
        {
            Versions = versions,
            CipherSuites = offer.CipherSuites.ToList(),
            Groups = offer.Groups.ToList(),
            KeyShareGroups = offer.KeyShares.Count > 0 ? offer.KeyShares.ToList() : null,
            SignatureAlgorithms = offer.SignatureAlgorithms.Count > 0 ? offer.SignatureAlgorithms.ToList() : null,
            EcPointFormats = offer.EcPointFormats.Count > 0 ? offer.EcPointFormats.ToList() : null,
            ServerName = serverName ?? offer.ServerName,
            Alpn = offer.Alpn.ToList(),
            RenegotiationInfo = true,
            ExtendedMasterSecret = true,
        };
    }
}
