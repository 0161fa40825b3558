using static TlsDoctor.Registry.OpenSsl.OpenSslAlgorithms;

namespace TlsDoctor.Registry.OpenSsl;

/// <summary>
/// A word of the cipher-string language that names a group of suites (`man 1 openssl-ciphers`,
/// "CIPHER STRINGS"). Zero means "any" for that class.
/// </summary>
internal sealed record OpenSslAlias(string Name, uint KeyExchange = 0, uint Authentication = 0, uint Encryption = 0, uint Mac = 0, ushort MinTls = 0, uint Strength = 0)
{
    /// <summary>
    /// The aliases OpenSSL 3.0 accepts with its default provider. Aliases whose algorithms the default
    /// provider lacks (RC4, RC2, IDEA, SEED, DES, GOST and their MACs) are unknown words to
    /// OpenSSL 3.0, so they are absent here too; the two EDH-…-DES-CBC3-SHA spellings stay known
    /// although no 3DES suite is available. Checked word by word with `openssl ciphers 'HIGH:WORD+!'`
    /// (an error means the word is known).
    /// </summary>
    public static readonly IReadOnlyList<OpenSslAlias> All =
    [
        new("ALL", Encryption: OpenSslAlgorithms.All & ~ENull),
        new("COMPLEMENTOFALL", Encryption: ENull),
        new("COMPLEMENTOFDEFAULT", Strength: NotDefault),

        new("kRSA", KeyExchange: KRsa),
        new("kEDH", KeyExchange: KDhe), new("kDHE", KeyExchange: KDhe), new("DH", KeyExchange: KDhe),
        new("kEECDH", KeyExchange: KEcdhe), new("kECDHE", KeyExchange: KEcdhe), new("ECDH", KeyExchange: KEcdhe),
        new("kPSK", KeyExchange: KPsk), new("kRSAPSK", KeyExchange: KRsaPsk), new("kECDHEPSK", KeyExchange: KEcdhePsk),
        new("kDHEPSK", KeyExchange: KDhePsk), new("kSRP", KeyExchange: KSrp),

        new("aRSA", Authentication: ARsa), new("aDSS", Authentication: ADss), new("DSS", Authentication: ADss),
        new("aNULL", Authentication: ANull), new("aECDSA", Authentication: AEcdsa), new("ECDSA", Authentication: AEcdsa),
        new("aPSK", Authentication: APsk), new("aSRP", Authentication: ASrp),

        new("EDH", KeyExchange: KDhe, Authentication: OpenSslAlgorithms.All & ~ANull),
        new("DHE", KeyExchange: KDhe, Authentication: OpenSslAlgorithms.All & ~ANull),
        new("EECDH", KeyExchange: KEcdhe, Authentication: OpenSslAlgorithms.All & ~ANull),
        new("ECDHE", KeyExchange: KEcdhe, Authentication: OpenSslAlgorithms.All & ~ANull),
        new("NULL", Encryption: ENull),
        new("RSA", KeyExchange: KRsa, Authentication: ARsa),
        new("ADH", KeyExchange: KDhe, Authentication: ANull),
        new("AECDH", KeyExchange: KEcdhe, Authentication: ANull),
        new("PSK", KeyExchange: KAllPsk),
        new("SRP", KeyExchange: KSrp),

        new("3DES", Encryption: E3Des),
        new("eNULL", Encryption: ENull),
        new("AES128", Encryption: Aes128 | Aes128Gcm | Aes128Ccm | Aes128Ccm8),
        new("AES256", Encryption: Aes256 | Aes256Gcm | Aes256Ccm | Aes256Ccm8),
        new("AES", Encryption: Aes),
        new("AESGCM", Encryption: AesGcm),
        new("AESCCM", Encryption: AesCcm),
        new("AESCCM8", Encryption: Aes128Ccm8 | Aes256Ccm8),
        new("CAMELLIA128", Encryption: Camellia128),
        new("CAMELLIA256", Encryption: Camellia256),
        new("CAMELLIA", Encryption: Camellia),
        new("CHACHA20", Encryption: Chacha20Poly1305),
        new("ARIA", Encryption: Aria),
        new("ARIAGCM", Encryption: Aria),
        new("ARIA128", Encryption: Aria128Gcm),
        new("ARIA256", Encryption: Aria256Gcm),
        new("CBC", Encryption: Cbc),

        new("MD5", Mac: Md5), new("SHA1", Mac: Sha1), new("SHA", Mac: Sha1),
        new("SHA256", Mac: Sha256), new("SHA384", Mac: Sha384),

        new("SSLv3", MinTls: 0x0300), new("TLSv1", MinTls: 0x0301), new("TLSv1.0", MinTls: 0x0301), new("TLSv1.2", MinTls: 0x0303),

        new("LOW", Strength: Low), new("MEDIUM", Strength: Medium), new("HIGH", Strength: High),
        new("FIPS", Encryption: OpenSslAlgorithms.All & ~ENull, Strength: Fips),

        // Backward-compatible "EDH-" spellings of two DHE 3DES suites.
        new("EDH-DSS-DES-CBC3-SHA", KDhe, ADss, E3Des, Sha1, Strength: High | Fips),
        new("EDH-RSA-DES-CBC3-SHA", KDhe, ARsa, E3Des, Sha1, Strength: High | Fips),
    ];
}
