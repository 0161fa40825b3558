using System.Buffers.Binary;
using System.Security.Cryptography;

namespace TlsDoctor.Capture;

/// <summary>
/// Reads client Initial packets out of a UDP datagram (coalesced packets included) and removes their protection:
/// header protection with AES-ECB over a 16-byte sample, then AEAD_AES_128_GCM (RFC 9001 sections 5.3, 5.4),
/// then collects the CRYPTO frames (RFC 9000 section 19.6). Packets that fail authentication (a server's Initial,
/// a retransmission under the server-chosen connection ID, noise) are skipped.
/// </summary>
public static class QuicInitialPacket
{
    /// <summary>A CRYPTO frame: its offset in the Initial crypto stream and its data.</summary>
    public readonly record struct CryptoFrame(long Offset, byte[] Data);

    public readonly record struct Decrypted(uint Version, byte[] DestinationConnectionId, List<CryptoFrame> Frames);

    /// <summary>
    /// Every client Initial packet in the datagram that decrypts. <paramref name="keyCache"/> holds keys per
    /// (version, DCID) so a connection's packets derive them once; the caller bounds its size.
    /// </summary>
    public static List<Decrypted> Read(ReadOnlySpan<byte> datagram, Dictionary<string, QuicInitialKeys?> keyCache)
    {
        var result = new List<Decrypted>();
        var offset = 0;
        while (offset < datagram.Length)
        {
            var packet = datagram[offset..];
            // Long header (RFC 9000 section 17.2): header form 1, fixed bit 1.
            if (packet.Length < 7 || (packet[0] & 0xC0) != 0xC0) break;
            var version = BinaryPrimitives.ReadUInt32BigEndian(packet[1..]);
            if (version == 0) break; // version negotiation
            var p = 5;
            var dcidLength = packet[p++];
            if (dcidLength > 20 || packet.Length < p + dcidLength + 1) break;
            var dcid = packet.Slice(p, dcidLength);
            p += dcidLength;
            var scidLength = packet[p++];
            if (scidLength > 20 || packet.Length < p + scidLength) break;
            p += scidLength;
            var type = (packet[0] >> 4) & 0x03;
            var isInitial = version == QuicInitialKeys.Version2 ? type == 1 : type == 0;
            var isRetry = version == QuicInitialKeys.Version2 ? type == 0 : type == 3;
            if (isRetry) break; // a Retry packet has no Length field and fills the datagram
            if (isInitial)
            {
                if (!TryReadVarint(packet, ref p, out var tokenLength) || tokenLength > packet.Length - p) break;
                p += (int)tokenLength;
            }
            if (!TryReadVarint(packet, ref p, out var length) || length > packet.Length - p) break;
            var packetEnd = p + (int)length;
            if (isInitial)
            {
                var cacheKey = version.ToString("x8") + Convert.ToHexString(dcid);
                if (!keyCache.TryGetValue(cacheKey, out var keys))
                {
                    keys = QuicInitialKeys.ForClient(version, dcid);
                    keyCache[cacheKey] = keys;
                }
                if (keys is not null)
                {
                    var frames = TryDecrypt(packet[..packetEnd], p, keys);
                    if (frames is not null) result.Add(new Decrypted(version, dcid.ToArray(), frames));
                }
            }
            offset += packetEnd;
        }
        return result;
    }

    private static List<CryptoFrame>? TryDecrypt(ReadOnlySpan<byte> packet, int packetNumberOffset, QuicInitialKeys keys)
    {
        // The sample starts 4 bytes after the start of the packet number field (RFC 9001 section 5.4.2).
        if (packet.Length < packetNumberOffset + 4 + 16) return null;
        var header = packet[..(packetNumberOffset + 4)].ToArray();
        using var aes = Aes.Create();
        aes.Key = keys.HeaderProtectionKey;
        var mask = aes.EncryptEcb(packet.Slice(packetNumberOffset + 4, 16), PaddingMode.None);
        header[0] ^= (byte)(mask[0] & 0x0F); // long header: low 4 bits are protected
        var packetNumberLength = (header[0] & 0x03) + 1;
        long packetNumber = 0;
        for (var i = 0; i < packetNumberLength; i++)
        {
            header[packetNumberOffset + i] ^= mask[1 + i];
            packetNumber = (packetNumber << 8) | header[packetNumberOffset + i];
        }
        var aad = header.AsSpan(0, packetNumberOffset + packetNumberLength);
        var payload = packet[(packetNumberOffset + packetNumberLength)..];
        if (payload.Length < 16) return null;
        var nonce = keys.Iv.ToArray();
        for (var i = 0; i < 8; i++) nonce[11 - i] ^= (byte)(packetNumber >> (8 * i));
        var plaintext = new byte[payload.Length - 16];
        try
        {
            using var gcm = new AesGcm(keys.Key, 16);
            gcm.Decrypt(nonce, payload[..^16], payload[^16..], plaintext, aad);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        return ReadCryptoFrames(plaintext);
    }

    /// <summary>
    /// Frames allowed in Initial packets (RFC 9000 section 12.4): PADDING, PING, ACK, CRYPTO, CONNECTION_CLOSE.
    /// Reading stops at anything else.
    /// </summary>
    private static List<CryptoFrame> ReadCryptoFrames(ReadOnlySpan<byte> s)
    {
        var frames = new List<CryptoFrame>();
        var p = 0;
        while (p < s.Length)
        {
            if (!TryReadVarint(s, ref p, out var type)) break;
            switch (type)
            {
                case 0x00: case 0x01: continue;
                case 0x02: case 0x03:
                {
                    if (!TryReadVarint(s, ref p, out _) || !TryReadVarint(s, ref p, out _) ||
                        !TryReadVarint(s, ref p, out var ranges) || !TryReadVarint(s, ref p, out _)) return frames;
                    for (long i = 0; i < ranges; i++)
                        if (!TryReadVarint(s, ref p, out _) || !TryReadVarint(s, ref p, out _)) return frames;
                    if (type == 0x03)
                        for (var i = 0; i < 3; i++)
                            if (!TryReadVarint(s, ref p, out _)) return frames;
                    continue;
                }
                case 0x06:
                {
                    if (!TryReadVarint(s, ref p, out var offset) || !TryReadVarint(s, ref p, out var length) || length > s.Length - p) return frames;
                    frames.Add(new CryptoFrame(offset, s.Slice(p, (int)length).ToArray()));
                    p += (int)length;
                    continue;
                }
                default:
                    return frames;
            }
        }
        return frames;
    }

    /// <summary>Variable-length integer, RFC 9000 section 16.</summary>
    public static bool TryReadVarint(ReadOnlySpan<byte> s, ref int offset, out long value)
    {
        value = 0;
        if (offset >= s.Length) return false;
        var length = 1 << (s[offset] >> 6);
        if (offset + length > s.Length) return false;
        value = s[offset] & 0x3F;
        for (var i = 1; i < length; i++) value = (value << 8) | s[offset + i];
        offset += length;
        return true;
    }
}
