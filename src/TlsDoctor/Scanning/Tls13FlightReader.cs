using System.Buffers.Binary;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Math.EC.Rfc7748;
using TlsDoctor.Registry;
using TlsDoctor.Wire;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace TlsDoctor.Scanning;

/// <summary>
/// Reads a TLS 1.3 server's first flight through its encryption, as a client that sent <paramref name="clientHello"/>
/// with the key shares <paramref name="keys"/>: computes the (EC)DHE secret from the ServerHello's key_share, derives
/// server_handshake_traffic_secret (RFC 8446 section 7.1), decrypts the records that follow (section 5.2) and decodes
/// EncryptedExtensions … Certificate, CertificateVerify. Stops there: the handshake is never completed (no client
/// Finished), so nothing but the server's choices is learnt. Stateless across calls except for the derived keys:
/// call <see cref="Read"/> again with the whole buffer as bytes arrive.
/// </summary>
public sealed class Tls13FlightReader(ReadOnlyMemory<byte> clientHello, IReadOnlyList<KeyShareKeyPair> keys)
{
    private ServerKeys? _keys;

    /// <summary>TLS 1.3 suites whose records this reader decrypts (RFC 8446 section B.4).</summary>
    public static IReadOnlyList<ushort> Suites { get; } = [0x1301, 0x1302, 0x1303, 0x1304, 0x1305];

    /// <summary>
    /// Groups whose shared secret this reader computes, in the order tried when the server's preference is unknown: X25519,
    /// X448 (RFC 7748), the NIST and brainpool curves (RFC 8446 section 7.4.2, RFC 8734) and the RFC 7919 finite-field
    /// groups (RFC 8446 section 7.4.1). Not the post-quantum hybrids.
    /// </summary>
    public static IReadOnlyList<ushort> KeyExchangeGroups { get; } =
        [0x001D, 0x0017, 0x0018, 0x0019, 0x001E, 0x001F, 0x0020, 0x0021, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104];

    private static readonly Lazy<Dictionary<ushort, System.Numerics.BigInteger>> FfdhePrimes = new(() =>
    {
        var csv = CsvTable.LoadEmbedded("data/wire/ffdhe-primes.csv");
        return csv.Rows.ToDictionary(
            row => Groups.Find(csv.Get(row, "name"))?.Code ?? throw new InvalidDataException($"ffdhe-primes.csv: unknown group {csv.Get(row, "name")}"),
            row => System.Numerics.BigInteger.Parse("0" + csv.Get(row, "prime_hex"), System.Globalization.NumberStyles.HexNumber));
    });

    public Tls13Flight Read(ReadOnlyMemory<byte> received, ProbeFailure? ended, out FlightState state)
    {
        state = FlightState.Complete;
        if (received.Length == 0) return Tls13Flight.Of(ended ?? new ProbeFailure.Closed(0));
        var first = received.Span[0];
        if (first is < 0x14 or > 0x18) return Tls13Flight.Of(ProbeFailure.FromFirstBytes(received.Span));
        var read = RecordLayerReader.Read(received);
        ServerHello? hello = null;
        ReadOnlyMemory<byte> helloBytes = default;
        var handshake = new List<byte>();
        ulong sequence = 0;
        foreach (var m in read.Messages)
        {
            switch (m.Kind)
            {
                case TlsMessageKind.Alert when m.Bytes.Length >= 2:
                    return Tls13Flight.Of(new ProbeFailure.Alert(m.Bytes.Span[0], m.Bytes.Span[1]));
                case TlsMessageKind.Handshake when m.HandshakeType == HandshakeType.ServerHello && hello is null:
                    if (!ServerHello.Decode(m.Bytes, m.Offset).TryGetValue(out var sh, out var error))
                        return Tls13Flight.Of(new ProbeFailure.DecodeError(error.Offset, error.ToString()));
                    if (sh.IsHelloRetryRequest)
                        return Tls13Flight.Of(new ProbeFailure.DecodeError(m.Offset,
                            $"HelloRetryRequest for {(sh.SelectedGroup is { } g ? Groups.Describe(g) : "another group")}: the key share offered was not taken"));
                    if (sh.SelectedVersion != TlsVersion.Tls13)
                        return Tls13Flight.Of(new ProbeFailure.DecodeError(m.Offset, $"the server chose {sh.SelectedVersion.Name}, not TLS 1.3"));
                    hello = sh;
                    helloBytes = m.Bytes;
                    break;
                // Every TLS 1.3 record after ServerHello is protected and typed application_data (RFC 8446 section 5.2).
                case TlsMessageKind.ApplicationData when hello is not null:
                    if (_keys is null)
                    {
                        var derived = Derive(hello, helloBytes.Span, m.Offset);
                        if (derived.Failure is { } f) return Tls13Flight.Of(f);
                        _keys = derived.Keys;
                    }
                    var plain = _keys!.Decrypt(m, sequence++);
                    if (plain is null) return Tls13Flight.Of(new ProbeFailure.DecodeError(m.Offset, "a record does not decrypt with the handshake keys (bad record MAC)"));
                    var (type, content) = plain.Value;
                    if (type == (byte)ContentType.Alert && content.Length >= 2)
                        return Tls13Flight.Of(new ProbeFailure.Alert(content[0], content[1]));
                    if (type == (byte)ContentType.Handshake) handshake.AddRange(content);
                    break;
            }
        }
        if (hello is null)
        {
            if (read.Error is { } e) return Tls13Flight.Of(new ProbeFailure.DecodeError(e.Offset, e.ToString()));
            state = ended is null ? FlightState.NeedMore : FlightState.Complete;
            return Tls13Flight.Of(ended ?? new ProbeFailure.Closed(received.Length));
        }

        var flight = new Tls13Flight { CipherSuite = hello.CipherSuite, Group = hello.SelectedGroup };
        var decoded = DecodeHandshake(handshake.ToArray(), flight);
        if (decoded.IsComplete || decoded.Failure is not null) return decoded;
        if (read.Error is { } re) return Tls13Flight.Of(new ProbeFailure.DecodeError(re.Offset, re.ToString()));
        state = ended is null ? FlightState.NeedMore : FlightState.Complete;
        return decoded with { Failure = ended ?? new ProbeFailure.Closed(received.Length) };
    }

    /// <summary>The decrypted handshake stream: EncryptedExtensions, [CertificateRequest], Certificate, CertificateVerify, Finished.</summary>
    private static Tls13Flight DecodeHandshake(byte[] stream, Tls13Flight flight)
    {
        var at = 0;
        while (stream.Length - at >= HandshakeHeader.Length)
        {
            var type = (HandshakeType)stream[at];
            var length = stream[at + 1] << 16 | stream[at + 2] << 8 | stream[at + 3];
            if (stream.Length - at - HandshakeHeader.Length < length) break;
            var body = stream.AsMemory(at + HandshakeHeader.Length, length);
            at += HandshakeHeader.Length + length;
            switch (type)
            {
                case HandshakeType.Certificate:
                    var chain = DecodeCertificate(body.Span);
                    if (chain is null) return flight with { Failure = new ProbeFailure.DecodeError(0, "malformed TLS 1.3 Certificate message (RFC 8446 section 4.4.2)") };
                    flight = flight with { Certificates = chain };
                    break;
                case HandshakeType.CertificateVerify:
                    // struct { SignatureScheme algorithm; opaque signature<0..2^16-1>; } CertificateVerify;  (RFC 8446 section 4.4.3)
                    if (body.Length < 4) return flight with { Failure = new ProbeFailure.DecodeError(0, "CertificateVerify shorter than 4 bytes") };
                    return flight with { SignatureScheme = BinaryPrimitives.ReadUInt16BigEndian(body.Span) };
                case HandshakeType.Finished:
                    // A server authenticated by a pre-shared key sends no certificate: Finished follows EncryptedExtensions.
                    return flight with { Failure = new ProbeFailure.DecodeError(0, "the server sent Finished without CertificateVerify") };
            }
        }
        return flight;
    }

    /// <summary>
    /// RFC 8446 section 4.4.2:
    /// <code>
    /// struct { opaque cert_data&lt;1..2^24-1&gt;; Extension extensions&lt;0..2^16-1&gt;; } CertificateEntry;
    /// struct { opaque certificate_request_context&lt;0..2^8-1&gt;; CertificateEntry certificate_list&lt;0..2^24-1&gt;; } Certificate;
    /// </code>
    /// </summary>
    private static List<byte[]>? DecodeCertificate(ReadOnlySpan<byte> body)
    {
        var r = new TlsReader(body);
        if (!r.TryReadVector8(out ReadOnlySpan<byte> _) || !r.TryReadVector24(out TlsReader list) || !r.IsEmpty) return null;
        var chain = new List<byte[]>();
        while (!list.IsEmpty)
        {
            if (!list.TryReadVector24(out ReadOnlySpan<byte> der) || der.Length == 0 || !list.TryReadVector16(out ReadOnlySpan<byte> _)) return null;
            chain.Add(der.ToArray());
        }
        return chain;
    }

    private (ServerKeys? Keys, ProbeFailure? Failure) Derive(ServerHello hello, ReadOnlySpan<byte> serverHello, int offset)
    {
        if (hello.KeyShare is not { } share)
            return (null, new ProbeFailure.DecodeError(offset, "ServerHello without key_share (a PSK-only handshake cannot be read)"));
        var pair = keys.FirstOrDefault(k => k.Group == share.Group);
        if (pair is null) return (null, new ProbeFailure.DecodeError(offset, $"the server's key share is for {Groups.Describe(share.Group)}, which was not offered"));
        var secret = SharedSecret(pair, share.KeyExchange.Span);
        if (secret is null) return (null, new ProbeFailure.DecodeError(offset, $"invalid {Groups.Describe(share.Group)} key share from the server"));
        (HashAlgorithmName Hash, int KeyLength) cipher = hello.CipherSuite switch
        {
            0x1301 => (HashAlgorithmName.SHA256, 16),
            0x1302 => (HashAlgorithmName.SHA384, 32),
            0x1303 => (HashAlgorithmName.SHA256, 32),
            0x1304 or 0x1305 => (HashAlgorithmName.SHA256, 16),
            _ => (default, 0),
        };
        if (cipher.KeyLength == 0) return (null, new ProbeFailure.DecodeError(offset, $"the server chose {CipherSuites.Describe(hello.CipherSuite)}, which was not offered"));
        var hashLength = cipher.Hash == HashAlgorithmName.SHA384 ? 48 : 32;

        // RFC 8446 section 7.1: early secret without a PSK, then the handshake secret from the (EC)DHE secret.
        var early = HKDF.Extract(cipher.Hash, new byte[hashLength], new byte[hashLength]);
        var derived = ExpandLabel(cipher.Hash, early, "derived", TranscriptHash(cipher.Hash, []), hashLength);
        var handshakeSecret = HKDF.Extract(cipher.Hash, secret, derived);
        var transcript = TranscriptHash(cipher.Hash, [.. clientHello.Span, .. serverHello]);
        var serverTraffic = ExpandLabel(cipher.Hash, handshakeSecret, "s hs traffic", transcript, hashLength);
        var key = ExpandLabel(cipher.Hash, serverTraffic, "key", [], cipher.KeyLength);
        var iv = ExpandLabel(cipher.Hash, serverTraffic, "iv", [], 12);
        return (new ServerKeys(hello.CipherSuite, key, iv), null);
    }

    private static byte[] TranscriptHash(HashAlgorithmName hash, byte[] messages) =>
        hash == HashAlgorithmName.SHA384 ? SHA384.HashData(messages) : SHA256.HashData(messages);

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

    /// <summary>The (EC)DHE shared secret (RFC 8446 section 7.4.2: the X coordinate for NIST curves, RFC 7748 output for X25519/X448).</summary>
    public static byte[]? SharedSecret(KeyShareKeyPair pair, ReadOnlySpan<byte> peer)
    {
        try
        {
            switch (pair.Group)
            {
                case 0x001D:
                {
                    if (peer.Length != X25519.PointSize) return null;
                    var z = new byte[X25519.PointSize];
                    return X25519.CalculateAgreement(pair.PrivateKey, 0, peer.ToArray(), 0, z, 0) ? z : null;
                }
                case 0x001E:
                {
                    if (peer.Length != X448.PointSize) return null;
                    var z = new byte[X448.PointSize];
                    return X448.CalculateAgreement(pair.PrivateKey, 0, peer.ToArray(), 0, z, 0) ? z : null;
                }
                case var g when FfdhePrimes.Value.TryGetValue(g, out var p):
                {
                    // RFC 8446 section 7.4.1: Z = Y^x mod p, left-padded with zeros to the size of p; 1 < Y < p - 1 (section 4.2.8.1).
                    var size = (int)((p.GetBitLength() + 7) / 8);
                    if (peer.Length != size) return null;
                    var y = new System.Numerics.BigInteger(peer, isUnsigned: true, isBigEndian: true);
                    if (y <= 1 || y >= p - 1) return null;
                    var x = new System.Numerics.BigInteger(pair.PrivateKey, isUnsigned: true, isBigEndian: true);
                    var z = System.Numerics.BigInteger.ModPow(y, x, p).ToByteArray(isUnsigned: true, isBigEndian: true);
                    return [.. new byte[size - z.Length], .. z];
                }
                case var g when Groups.Find(g) is { Kind: GroupKind.Ecdhe } named:
                {
                    // RFC 8446 section 7.4.2: the X coordinate of the shared point, as many bytes as the field (RFC 8734 for brainpool).
                    var name = named.Name.EndsWith("tls13", StringComparison.Ordinal) ? named.Name[..^5] : named.Name;
                    var curve = CustomNamedCurves.GetByName(name) ?? Org.BouncyCastle.Asn1.X9.ECNamedCurveTable.GetByName(name);
                    if (curve is null) return null;
                    var point = curve.Curve.DecodePoint(peer.ToArray());
                    var shared = point.Multiply(new BcBigInteger(1, pair.PrivateKey)).Normalize();
                    if (shared.IsInfinity) return null;
                    var size = (curve.Curve.FieldSize + 7) / 8;
                    return shared.AffineXCoord.ToBigInteger().ToByteArrayUnsigned() is var xs && xs.Length == size ? xs : [.. new byte[size - xs.Length], .. xs];
                }
                default:
                    return null;
            }
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The server's handshake traffic keys (RFC 8446 section 7.3) and record decryption (section 5.2).</summary>
    private sealed class ServerKeys(ushort suite, byte[] key, byte[] iv)
    {
        /// <summary>TLSInnerPlaintext's content and type, or null when the record does not authenticate.</summary>
        public (byte Type, byte[] Content)? Decrypt(TlsMessage record, ulong sequence)
        {
            var tagLength = suite == 0x1305 ? 8 : 16;
            var fragment = record.Bytes.Span;
            if (fragment.Length < tagLength + 1) return null;
            // additional_data = opaque_type || legacy_record_version || length (section 5.2).
            Span<byte> aad = [(byte)ContentType.ApplicationData, (byte)(record.RecordVersion >> 8), (byte)record.RecordVersion,
                (byte)(fragment.Length >> 8), (byte)fragment.Length];
            // The per-record nonce: the 64-bit sequence number, left-padded to the IV length, XORed with the IV (section 5.3).
            Span<byte> nonce = stackalloc byte[12];
            iv.CopyTo(nonce);
            Span<byte> seq = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(seq, sequence);
            for (var i = 0; i < 8; i++) nonce[4 + i] ^= seq[i];
            var ciphertext = fragment[..^tagLength];
            var tag = fragment[^tagLength..];
            var plain = new byte[ciphertext.Length];
            try
            {
                switch (suite)
                {
                    case 0x1301 or 0x1302:
                        using (var gcm = new AesGcm(key, tagLength)) gcm.Decrypt(nonce, ciphertext, tag, plain, aad);
                        break;
                    case 0x1303:
                        using (var chacha = new ChaCha20Poly1305(key)) chacha.Decrypt(nonce, ciphertext, tag, plain, aad);
                        break;
                    default:
                        using (var ccm = new AesCcm(key)) ccm.Decrypt(nonce, ciphertext, tag, plain, aad);
                        break;
                }
            }
            catch (AuthenticationTagMismatchException)
            {
                return null;
            }
            // TLSInnerPlaintext: content || ContentType type || zeros (section 5.2); the last non-zero byte is the type.
            var end = plain.Length - 1;
            while (end >= 0 && plain[end] == 0) end--;
            if (end < 0) return null;
            return (plain[end], plain[..end]);
        }
    }
}
