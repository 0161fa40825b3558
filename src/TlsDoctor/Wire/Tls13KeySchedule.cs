using System.Security.Cryptography;

namespace TlsDoctor.Wire;

/// <summary>The TLS 1.3 key schedule (RFC 8446 section 7) as far as a reader of the server's first flight needs it, and HKDF-Expand-Label for QUIC (RFC 9001 section 5).</summary>
public static class Tls13KeySchedule
{
    /// <summary>
    /// HKDF-Expand-Label (RFC 8446 section 7.1):
    /// <code>struct { uint16 length = Length; opaque label&lt;7..255&gt; = "tls13 " + Label; opaque context&lt;0..255&gt; = Context; } HkdfLabel;</code>
    /// </summary>
    public static byte[] ExpandLabel(HashAlgorithmName hash, byte[] secret, string label, byte[] context, int length)
    {
        var w = new TlsWriter(64);
        w.WriteUInt16((ushort)length);
        w.WriteVector8(System.Text.Encoding.ASCII.GetBytes("tls13 " + label));
        w.WriteVector8(context);
        return HKDF.Expand(hash, secret, length, w.ToArray());
    }

    /// <summary>The hash and key length of a TLS 1.3 suite (RFC 8446 section B.4); null for any other suite.</summary>
    public static (HashAlgorithmName Hash, int KeyLength)? Parameters(ushort suite) => suite switch
    {
        0x1301 => (HashAlgorithmName.SHA256, 16),
        0x1302 => (HashAlgorithmName.SHA384, 32),
        0x1303 => (HashAlgorithmName.SHA256, 32),
        0x1304 or 0x1305 => (HashAlgorithmName.SHA256, 16),
        _ => null,
    };

    /// <summary>
    /// The server's handshake traffic key and IV (RFC 8446 sections 7.1 and 7.3): early secret without a PSK, handshake
    /// secret from the (EC)DHE <paramref name="sharedSecret"/>, server_handshake_traffic_secret over ClientHello…ServerHello.
    /// Null when <paramref name="suite"/> is not a TLS 1.3 suite.
    /// </summary>
    public static (byte[] Key, byte[] Iv)? ServerHandshakeKeys(ushort suite, byte[] sharedSecret, ReadOnlySpan<byte> clientHello, ReadOnlySpan<byte> serverHello)
    {
        if (Parameters(suite) is not (var hash, var keyLength)) return null;
        var hashLength = hash == HashAlgorithmName.SHA384 ? 48 : 32;
        var early = HKDF.Extract(hash, new byte[hashLength], new byte[hashLength]);
        var derived = ExpandLabel(hash, early, "derived", TranscriptHash(hash, []), hashLength);
        var handshakeSecret = HKDF.Extract(hash, sharedSecret, derived);
        var transcript = TranscriptHash(hash, [.. clientHello, .. serverHello]);
        var serverTraffic = ExpandLabel(hash, handshakeSecret, "s hs traffic", transcript, hashLength);
        return (ExpandLabel(hash, serverTraffic, "key", [], keyLength), ExpandLabel(hash, serverTraffic, "iv", [], 12));
    }

    private static byte[] TranscriptHash(HashAlgorithmName hash, byte[] messages) =>
        hash == HashAlgorithmName.SHA384 ? SHA384.HashData(messages) : SHA256.HashData(messages);
}
