namespace TlsDoctor.Registry.OpenSsl;

/// <summary>
/// Bit sets for the four algorithm classes OpenSSL's cipher-string language selects on (key exchange,
/// authentication, encryption, MAC) and its strength classes. The values are private to this engine;
/// only set membership matters (an alias matches a suite when every non-empty set intersects).
/// </summary>
internal static class OpenSslAlgorithms
{
    // Key exchange.
    public const uint KRsa = 1 << 0, KDhe = 1 << 1, KEcdhe = 1 << 2, KPsk = 1 << 3, KRsaPsk = 1 << 4,
        KEcdhePsk = 1 << 5, KDhePsk = 1 << 6, KSrp = 1 << 7, KAny = 1 << 8;
    public const uint KAllPsk = KPsk | KRsaPsk | KEcdhePsk | KDhePsk;

    // Authentication.
    public const uint ARsa = 1 << 0, ADss = 1 << 1, ANull = 1 << 2, AEcdsa = 1 << 3, APsk = 1 << 4, ASrp = 1 << 5, AAny = 1 << 6;

    // Encryption.
    public const uint E3Des = 1 << 0, ENull = 1 << 1, Aes128 = 1 << 2, Aes256 = 1 << 3, Aes128Gcm = 1 << 4, Aes256Gcm = 1 << 5,
        Aes128Ccm = 1 << 6, Aes256Ccm = 1 << 7, Aes128Ccm8 = 1 << 8, Aes256Ccm8 = 1 << 9, Camellia128 = 1 << 10,
        Camellia256 = 1 << 11, Chacha20Poly1305 = 1 << 12, Aria128Gcm = 1 << 13, Aria256Gcm = 1 << 14;
    public const uint AesGcm = Aes128Gcm | Aes256Gcm;
    public const uint AesCcm = Aes128Ccm | Aes256Ccm | Aes128Ccm8 | Aes256Ccm8;
    public const uint Aes = Aes128 | Aes256 | AesGcm | AesCcm;
    public const uint Camellia = Camellia128 | Camellia256;
    public const uint Aria = Aria128Gcm | Aria256Gcm;
    /// <summary>Block ciphers in CBC mode (OpenSSL 3.0's "CBC" alias).</summary>
    public const uint Cbc = E3Des | Aes128 | Aes256 | Camellia128 | Camellia256;

    // MAC.
    public const uint Md5 = 1 << 0, Sha1 = 1 << 1, Sha256 = 1 << 2, Sha384 = 1 << 3, Aead = 1 << 4;

    // Strength classes ("STRONG" part) and the not-in-DEFAULT flag.
    public const uint StrongNone = 1 << 0, Low = 1 << 1, Medium = 1 << 2, High = 1 << 3, Fips = 1 << 4;
    public const uint StrongMask = StrongNone | Low | Medium | High | Fips;
    public const uint NotDefault = 1 << 5;
    public const uint DefaultMask = NotDefault;

    public const uint All = uint.MaxValue;
}
