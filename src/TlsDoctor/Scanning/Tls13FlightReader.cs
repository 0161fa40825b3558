using System.Buffers.Binary;
using System.Security.Cryptography;
using TlsDoctor.Registry;
using TlsDoctor.Wire;

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

    /// <summary>Groups whose shared secret this reader computes (<see cref="KeyAgreement.Groups"/>).</summary>
    public static IReadOnlyList<ushort> KeyExchangeGroups => KeyAgreement.Groups;

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
        var messages = new List<TlsMessage>();
        new RecordAssembler().PushHandshake(stream, 0, messages);
        foreach (var message in messages)
        {
            switch (message.HandshakeType)
            {
                case HandshakeType.Certificate:
                    if (!Tls13CertificateMessage.Decode(message.Bytes).TryGetValue(out var certificate, out var error))
                        return flight with { Failure = new ProbeFailure.DecodeError(0, $"malformed TLS 1.3 Certificate message (RFC 8446 section 4.4.2): {error}") };
                    flight = flight with { Certificates = certificate.Certificates.Select(c => c.ToArray()).ToList() };
                    break;
                case HandshakeType.CertificateVerify:
                    if (!CertificateVerify.Decode(message.Bytes).TryGetValue(out var verify, out var verifyError))
                        return flight with { Failure = new ProbeFailure.DecodeError(0, $"malformed CertificateVerify (RFC 8446 section 4.4.3): {verifyError}") };
                    return flight with { SignatureScheme = verify.Algorithm };
                case HandshakeType.Finished:
                    // A server authenticated by a pre-shared key sends no certificate: Finished follows EncryptedExtensions.
                    return flight with { Failure = new ProbeFailure.DecodeError(0, "the server sent Finished without CertificateVerify") };
            }
        }
        return flight;
    }

    private (ServerKeys? Keys, ProbeFailure? Failure) Derive(ServerHello hello, ReadOnlySpan<byte> serverHello, int offset)
    {
        if (hello.KeyShare is not { } share)
            return (null, new ProbeFailure.DecodeError(offset, "ServerHello without key_share (a PSK-only handshake cannot be read)"));
        var pair = keys.FirstOrDefault(k => k.Group == share.Group);
        if (pair is null) return (null, new ProbeFailure.DecodeError(offset, $"the server's key share is for {Groups.Describe(share.Group)}, which was not offered"));
        var secret = KeyAgreement.SharedSecret(pair, share.KeyExchange.Span);
        if (secret is null) return (null, new ProbeFailure.DecodeError(offset, $"invalid {Groups.Describe(share.Group)} key share from the server"));
        if (Tls13KeySchedule.ServerHandshakeKeys(hello.CipherSuite, secret, clientHello.Span, serverHello) is not ({ } key, { } iv))
            return (null, new ProbeFailure.DecodeError(offset, $"the server chose {CipherSuites.Describe(hello.CipherSuite)}, which was not offered"));
        return (new ServerKeys(hello.CipherSuite, key, iv), null);
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
