using TlsDoctor.Registry;

namespace TlsDoctor.Wire;

/// <summary>Reading and writing of the <c>Extension extensions&lt;0..2^16-1&gt;</c> block shared by the hello messages.</summary>
internal static class ExtensionBlock
{
    /// <summary>
    /// Reads the extension block from <paramref name="r"/> (which must end where the block ends).
    /// Extension data are slices of <paramref name="raw"/>, whose byte 0 is at absolute offset <paramref name="rawOrigin"/>.
    /// </summary>
    public static DecodeError? TryRead(ref TlsReader r, ReadOnlyMemory<byte> raw, int rawOrigin, string message,
        HandshakeType context, ref List<Anomaly>? anomalies, out TlsExtension[] extensions)
    {
        extensions = [];
        var blockOffset = r.Offset;
        if (!r.TryReadUInt16(out var blockLength)) return DecodeError.Truncated(message, "extensions length", blockOffset);
        if (!r.TryReadReader(blockLength, out var block))
            return DecodeError.InvalidLength(message, "extensions", blockOffset, $"declares {blockLength} bytes, {r.Remaining} present");
        var count = 0;
        var probe = block;
        while (!probe.IsEmpty)
        {
            if (!probe.TryReadUInt16(out _) || !probe.TryReadVector16(out ReadOnlySpan<byte> _)) break;
            count++;
        }
        var list = new TlsExtension[count];
        var seen = 0ul; // duplicate detection for types < 64 without allocating; others checked pairwise
        for (var i = 0; i < count || !block.IsEmpty; i++)
        {
            var at = block.Offset;
            if (!block.TryReadUInt16(out var type))
                return DecodeError.Truncated(message, "extension type", at);
            if (!block.TryReadUInt16(out var length))
                return DecodeError.Truncated(message, $"{Extensions.Describe(type)} extension length", at + 2);
            var dataOffset = block.Offset;
            if (!block.TryReadBytes(length, out _))
                return DecodeError.InvalidLength(message, $"{Extensions.Describe(type)} extension", at + 2,
                    $"declares {length} bytes, {block.Remaining} present");
            var data = raw.Slice(dataOffset - rawOrigin, length);
            list[i] = new TlsExtension(type, data);

            var duplicate = false;
            if (type < 64) { duplicate = (seen & (1ul << type)) != 0; seen |= 1ul << type; }
            else for (var j = 0; j < i; j++) if (list[j].Type == type) { duplicate = true; break; }
            if (duplicate && !Grease.IsGrease(type))
                Anomaly.Add(ref anomalies, new Anomaly(AnomalyKind.DuplicateExtension, $"{Extensions.Describe(type)} appears more than once", at));
            if (!ExtensionCodec.Frames(type, data.Span, context))
                Anomaly.Add(ref anomalies, new Anomaly(AnomalyKind.MalformedExtension, $"{Extensions.Describe(type)} extension body does not match its structure", dataOffset));
        }
        extensions = list;
        return null;
    }

    public static void Write(TlsWriter w, IReadOnlyList<TlsExtension> extensions)
    {
        using (w.Vector16())
            for (var i = 0; i < extensions.Count; i++)
            {
                var e = extensions[i];
                w.WriteUInt16(e.Type);
                w.WriteVector16(e.Data.Span);
            }
    }

    public static TlsExtension? Find(IReadOnlyList<TlsExtension>? extensions, ushort type)
    {
        if (extensions is null) return null;
        foreach (var e in extensions) if (e.Type == type) return e;
        return null;
    }
}
