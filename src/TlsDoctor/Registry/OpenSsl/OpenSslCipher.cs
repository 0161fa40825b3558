namespace TlsDoctor.Registry.OpenSsl;

/// <summary>
/// One suite as OpenSSL 3.0's cipher-list engine sees it: the registry suite plus the algorithm sets,
/// strength class and default position that data/registry/openssl-3.0-ciphers.csv adds to it.
/// </summary>
internal sealed record OpenSslCipher(
    CipherSuite Suite,
    uint KeyExchange,
    uint Authentication,
    uint Encryption,
    uint Mac,
    ushort MinTls,
    uint Strength,
    int StrengthBits,
    int DefaultOrder)
{
    public string Name => Suite.OpenSslName!;
}
