using TlsDoctor.Registry;

namespace TlsDoctor.Wire;

/// <summary>
/// Reads the record layer (RFC 8446 section 5.1, RFC 5246 section 6.2) from a buffer that grows as bytes arrive:
/// call <see cref="Read"/> again with the whole buffer after each read. Handshake messages are reassembled
/// whether they span several records or share one record; records may be split anywhere across reads.
/// Stateless and bounded: a buffer is never read past its end, fragments and messages are capped in size.
/// </summary>
public static class RecordLayerReader
{
    private const string Name = "record";

    /// <summary>Largest handshake message reassembled (a certificate chain above this is not a plausible hello answer).</summary>
    public const int DefaultMaxHandshakeLength = 256 * 1024;

    public static RecordReadResult Read(ReadOnlyMemory<byte> buffer, int maxHandshakeLength = DefaultMaxHandshakeLength)
    {
        var span = buffer.Span;
        var messages = new List<TlsMessage>();
        var offset = 0;
        var records = 0;
        var encrypted = false;
        byte[]? pending = null;      // handshake bytes carried across records
        var pendingLength = 0;
        var pendingOffset = 0;
        ushort pendingVersion = 0;

        // SSL 2.0 record (draft-hickman-netscape-ssl-00 section 1.2): a 2-byte header with the high bit set.
        if (span.Length > 0 && (span[0] & 0x80) != 0)
        {
            if (span.Length < 2) return Need();
            var length = (span[0] & 0x7F) << 8 | span[1];
            if (span.Length < 2 + length) return Need();
            messages.Add(new TlsMessage(TlsMessageKind.Sslv2, buffer[..(2 + length)], 0x0002, 0));
            offset = 2 + length;
            records = 1;
            return new RecordReadResult(offset == span.Length ? RecordReadStatus.Complete : RecordReadStatus.NeedMoreBytes, messages, offset, records, null);
        }

        while (offset < span.Length)
        {
            if (span.Length - offset < TlsRecord.HeaderLength) return Need();
            var type = span[offset];
            var version = (ushort)(span[offset + 1] << 8 | span[offset + 2]);
            var length = span[offset + 3] << 8 | span[offset + 4];
            if (type is < 20 or > 24)
                return Fail(DecodeError.InvalidValue(Name, "content type", offset, $"0x{type:X2} is not a TLS record type (first bytes {Hex(span[offset..])})"));
            if (span[offset + 1] != 3)
                return Fail(DecodeError.InvalidValue(Name, "legacy_record_version", offset + 1, $"{Codepoint.Format(version)} is not SSLv3/TLS"));
            if (length > TlsRecord.MaxFragmentLength)
                return Fail(DecodeError.TooLarge(Name, "length", offset + 3, $"{length} bytes exceeds {TlsRecord.MaxFragmentLength}"));
            if (span.Length - offset - TlsRecord.HeaderLength < length) return Need();

            var fragmentOffset = offset + TlsRecord.HeaderLength;
            var fragment = buffer.Slice(fragmentOffset, length);
            var contentType = (ContentType)type;
            if (pendingLength > 0 && contentType != ContentType.Handshake)
                return Fail(DecodeError.InvalidValue(Name, "content type", offset,
                    $"{contentType} record interleaved with a fragmented handshake message (RFC 8446 5.1)"));
            records++;
            offset = fragmentOffset + length;

            if (encrypted && contentType is ContentType.Handshake or ContentType.Alert && !IsPlaintextHelloAfterChangeCipherSpec(contentType, fragment.Span))
            {
                messages.Add(new TlsMessage(TlsMessageKind.Encrypted, fragment, version, fragmentOffset));
                continue;
            }
            switch (contentType)
            {
                case ContentType.ChangeCipherSpec:
                    messages.Add(new TlsMessage(TlsMessageKind.ChangeCipherSpec, fragment, version, fragmentOffset));
                    encrypted = true;
                    break;
                case ContentType.ApplicationData:
                    messages.Add(new TlsMessage(TlsMessageKind.ApplicationData, fragment, version, fragmentOffset));
                    break;
                case ContentType.Heartbeat:
                    messages.Add(new TlsMessage(TlsMessageKind.Heartbeat, fragment, version, fragmentOffset));
                    break;
                case ContentType.Alert:
                    if (length == 0 || length % 2 != 0)
                        return Fail(DecodeError.InvalidLength(Name, "alert fragment", fragmentOffset, $"{length} bytes is not a whole number of alerts"));
                    for (var i = 0; i < length; i += 2)
                        messages.Add(new TlsMessage(TlsMessageKind.Alert, fragment.Slice(i, 2), version, fragmentOffset + i));
                    break;
                case ContentType.Handshake:
                    if (pendingLength == 0)
                    {
                        // Messages wholly inside this record are slices of the buffer; a tail starts the carry buffer.
                        var f = fragment.Span;
                        var p = 0;
                        while (f.Length - p >= HandshakeHeader.Length)
                        {
                            var bodyLength = f[p + 1] << 16 | f[p + 2] << 8 | f[p + 3];
                            if (bodyLength > maxHandshakeLength)
                                return Fail(DecodeError.TooLarge(Name, "handshake length", fragmentOffset + p + 1, $"{bodyLength} bytes exceeds {maxHandshakeLength}"));
                            if (f.Length - p - HandshakeHeader.Length < bodyLength) break;
                            messages.Add(new TlsMessage(TlsMessageKind.Handshake, fragment.Slice(p, HandshakeHeader.Length + bodyLength), version, fragmentOffset + p));
                            p += HandshakeHeader.Length + bodyLength;
                        }
                        if (p < f.Length)
                        {
                            pending = new byte[Math.Max(1024, f.Length - p)];
                            f[p..].CopyTo(pending);
                            pendingLength = f.Length - p;
                            pendingOffset = fragmentOffset + p;
                            pendingVersion = version;
                        }
                    }
                    else
                    {
                        if (pendingLength + length > maxHandshakeLength + HandshakeHeader.Length + 2 * TlsRecord.MaxFragmentLength)
                            return Fail(DecodeError.TooLarge(Name, "handshake message", pendingOffset, $"exceeds {maxHandshakeLength} bytes"));
                        if (pending!.Length < pendingLength + length) Array.Resize(ref pending, Math.Max(pending.Length * 2, pendingLength + length));
                        fragment.Span.CopyTo(pending.AsSpan(pendingLength));
                        pendingLength += length;
                        var p = 0;
                        var start = pendingOffset;
                        while (pendingLength - p >= HandshakeHeader.Length)
                        {
                            var bodyLength = pending[p + 1] << 16 | pending[p + 2] << 8 | pending[p + 3];
                            if (bodyLength > maxHandshakeLength)
                                return Fail(DecodeError.TooLarge(Name, "handshake length", pendingOffset + 1, $"{bodyLength} bytes exceeds {maxHandshakeLength}"));
                            if (pendingLength - p - HandshakeHeader.Length < bodyLength) break;
                            var message = pending.AsSpan(p, HandshakeHeader.Length + bodyLength).ToArray();
                            messages.Add(new TlsMessage(TlsMessageKind.Handshake, message, pendingVersion, start));
                            p += message.Length;
                            start = fragmentOffset; // later messages begin in this record
                        }
                        if (p > 0)
                        {
                            pending.AsSpan(p, pendingLength - p).CopyTo(pending);
                            pendingLength -= p;
                            pendingOffset = fragmentOffset + Math.Max(0, length - pendingLength);
                        }
                    }
                    break;
            }
        }
        return new RecordReadResult(pendingLength > 0 || records == 0 ? RecordReadStatus.NeedMoreBytes : RecordReadStatus.Complete, messages, offset, records, null);

        RecordReadResult Need() => new(RecordReadStatus.NeedMoreBytes, messages, offset, records, null);
        RecordReadResult Fail(DecodeError e) => new(RecordReadStatus.Error, messages, offset, records, e);
    }

    /// <summary>
    /// In TLS 1.3 a ChangeCipherSpec is only for middlebox compatibility (RFC 8446 D.4): after a HelloRetryRequest the
    /// server (and the client, before its second ClientHello) sends one, and the next hello is still plaintext. A TLS ≤ 1.2
    /// Finished after ChangeCipherSpec is encrypted, and starts with a nonce or IV, so a hello header whose length fits the
    /// record exactly marks the plaintext case.
    /// </summary>
    private static bool IsPlaintextHelloAfterChangeCipherSpec(ContentType type, ReadOnlySpan<byte> fragment)
    {
        if (type != ContentType.Handshake || fragment.Length < HandshakeHeader.Length) return false;
        if (fragment[0] is not ((byte)HandshakeType.ClientHello or (byte)HandshakeType.ServerHello)) return false;
        var length = fragment[1] << 16 | fragment[2] << 8 | fragment[3];
        return length >= 38 && HandshakeHeader.Length + length <= fragment.Length;
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes[..Math.Min(8, bytes.Length)]);
}
