using System.Security.Cryptography;
using System.Text;

namespace TlsDoctor.Capture;

/// <summary>
/// The client's Initial packet protection keys, derived from the Destination Connection ID the client chose
/// (RFC 9001 section 5.2; QUIC v2: RFC 9369 section 3.3): AEAD_AES_128_GCM key and IV, and the AES header protection key.
/// </summary>
public sealed class QuicInitialKeys
{
    public const uint Version1 = 0x00000001;
    public const uint Version2 = 0x6B3343CF;

    public byte[] Key { get; }
    public byte[] Iv { get; }
    public byte[] HeaderProtectionKey { get; }

    private QuicInitialKeys(byte[] key, byte[] iv, byte[] hp) { Key = key; Iv = iv; HeaderProtectionKey = hp; }

    /// <summary>The initial salt of a version, or null when the version's Initial protection is unknown.</summary>
    public static byte[]? Salt(uint version) => version switch
    {
        Version1 => Convert.FromHexString("38762cf7f55934b34d179ae6a4c80cadccbb7f0a"),          // RFC 9001 section 5.2
        Version2 => Convert.FromHexString("0dede3def700a6db819381be6e269dcbf9bd2ed9"),          // RFC 9369 section 3.3.1
        >= 0xFF00001D and <= 0xFF000020 => Convert.FromHexString("afbfec289993d24c9e9786f19c6111e04390a899"), // draft-ietf-quic-tls-29..32
        _ => null,
    };

    public static QuicInitialKeys? ForClient(uint version, ReadOnlySpan<byte> destinationConnectionId)
    {
        var salt = Salt(version);
        if (salt is null) return null;
        var initialSecret = HKDF.Extract(HashAlgorithmName.SHA256, destinationConnectionId.ToArray(), salt);
        var clientSecret = ExpandLabel(initialSecret, "client in", 32);
        var prefix = version == Version2 ? "quicv2 " : "quic ";
        return new QuicInitialKeys(
            ExpandLabel(clientSecret, prefix + "key", 16),
            ExpandLabel(clientSecret, prefix + "iv", 12),
            ExpandLabel(clientSecret, prefix + "hp", 16));
    }

    private static byte[] ExpandLabel(byte[] secret, string label, int length) =>
        Wire.Tls13KeySchedule.ExpandLabel(HashAlgorithmName.SHA256, secret, label, [], length);
}
