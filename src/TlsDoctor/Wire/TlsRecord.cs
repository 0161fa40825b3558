namespace TlsDoctor.Wire;

/// <summary>
/// One record-layer frame, RFC 8446 section 5.1:
/// <c>struct { ContentType type; ProtocolVersion legacy_record_version; uint16 length; opaque fragment[length]; } TLSPlaintext;</c>
/// </summary>
public readonly record struct TlsRecord(ContentType Type, ushort Version, ReadOnlyMemory<byte> Fragment, int Offset)
{
    public const int HeaderLength = 5;
    /// <summary>2^14: the largest plaintext fragment (RFC 8446 5.1).</summary>
    public const int MaxPlaintextLength = 16384;
    /// <summary>Largest fragment accepted when reading: 2^14 + 2048 allows protected records too (RFC 5246 6.2.3).</summary>
    public const int MaxFragmentLength = 16384 + 2048;

    /// <summary>Wraps <paramref name="payload"/> into as many records as it needs (fragments of at most 2^14 bytes).</summary>
    public static byte[] Wrap(ContentType type, ushort version, ReadOnlySpan<byte> payload, int maxFragment = MaxPlaintextLength)
    {
        if (maxFragment is < 1 or > MaxPlaintextLength) throw new ArgumentOutOfRangeException(nameof(maxFragment));
        var w = new TlsWriter(payload.Length + HeaderLength * (payload.Length / maxFragment + 1));
        var offset = 0;
        do
        {
            var n = Math.Min(maxFragment, payload.Length - offset);
            w.WriteUInt8((byte)type);
            w.WriteUInt16(version);
            w.WriteVector16(payload.Slice(offset, n));
            offset += n;
        } while (offset < payload.Length);
        return w.ToArray();
    }
}
