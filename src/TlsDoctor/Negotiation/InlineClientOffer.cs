using TlsDoctor.Registry;

namespace TlsDoctor.Negotiation;

/// <summary>Builds a <see cref="ClientOffer"/> from lists given on a command line, with the defaults issue 5 describes.</summary>
public static class InlineClientOffer
{
    /// <summary>Groups an inline client offers when none are given: x25519, secp256r1, secp384r1.</summary>
    public static IReadOnlyList<ushort> DefaultGroups { get; } = [0x001D, 0x0017, 0x0018];

    /// <summary>
    /// Signature schemes an inline client offers when none are given: the set current browsers and OpenSSL 3
    /// clients send (ECDSA P-256/P-384/P-521, RSA-PSS, PKCS#1 v1.5 with SHA-2, Ed25519).
    /// </summary>
    public static IReadOnlyList<ushort> DefaultSignatureAlgorithms { get; } =
        [0x0403, 0x0503, 0x0603, 0x0807, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601];

    public static ClientOffer Create(
        string name,
        IReadOnlyList<TlsVersion> versions,
        IReadOnlyList<ushort> cipherSuites,
        IReadOnlyList<ushort>? groups = null,
        IReadOnlyList<ushort>? signatureAlgorithms = null)
    {
        var g = groups ?? DefaultGroups;
        return new ClientOffer
        {
            Name = name,
            Versions = versions,
            CipherSuites = cipherSuites,
            Groups = g,
            KeyShares = versions.Contains(TlsVersion.Tls13)
                ? g.Where(x => Registry.Groups.Find(x)?.AllowedInTls13 == true).Take(1).ToArray()
                : [],
            SignatureAlgorithms = signatureAlgorithms ?? DefaultSignatureAlgorithms,
            EcPointFormats = [0],
        };
    }
}
