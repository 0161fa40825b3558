using System.Buffers.Binary;

namespace TlsDoctor.Capture;

/// <summary>
/// Reads packets from a libpcap (.pcap, microsecond or nanosecond, either byte order) or pcapng file.
/// Streaming and bounded: one reusable buffer, blocks larger than <see cref="MaxBlockBytes"/> stop reading.
/// A damaged file ends the enumeration early and sets <see cref="Error"/>; it never throws for bad content.
/// </summary>
/// <remarks>
/// Formats: libpcap per https://www.tcpdump.org/manpages/pcap-savefile.5.html;
/// pcapng per draft-ietf-opsawg-pcapng (Section Header, Interface Description, Enhanced/Simple/obsolete Packet blocks).
/// </remarks>
public sealed class PcapReader(Stream stream)
{
    public const int MaxBlockBytes = 16 * 1024 * 1024;

    private byte[] _buffer = new byte[64 * 1024];

    /// <summary>Why reading stopped before the end of the file, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>Packets whose link type is not one of <see cref="LinkType"/> (skipped).</summary>
    public long UnsupportedLinkTypePackets { get; private set; }

    public long BytesRead { get; private set; }

    public IEnumerable<CapturedFrame> Frames()
    {
        var magic = new byte[4];
        if (!ReadExactly(magic, 4)) { Error = "empty or truncated file (no capture header)"; yield break; }
        var m = BinaryPrimitives.ReadUInt32LittleEndian(magic);
        if (m == 0x0A0D0D0A)
        {
            foreach (var f in PcapNgFrames(magic)) yield return f;
            yield break;
        }
        bool? bigEndian = m switch
        {
            0xA1B2C3D4 or 0xA1B23C4D => false,
            0xD4C3B2A1 or 0x4D3CB2A1 => true,
            _ => null,
        };
        if (bigEndian is null) { Error = $"not a pcap or pcapng file (magic {Convert.ToHexString(magic)})"; yield break; }
        var nanoseconds = m is 0xA1B23C4D or 0x4D3CB2A1;
        foreach (var f in PcapFrames(bigEndian.Value, nanoseconds)) yield return f;
    }

    private IEnumerable<CapturedFrame> PcapFrames(bool bigEndian, bool nanoseconds)
    {
        var header = new byte[20];
        if (!ReadExactly(header, 20)) { Error = "truncated pcap header"; yield break; }
        // The upper bits of the link type field carry FCS information (pcap-savefile(5)).
        var linkType = (int)(U32(header.AsSpan(16), bigEndian) & 0x0FFFFFFF);
        var known = NormalizeLinkType(linkType);
        var record = new byte[16];
        while (true)
        {
            var n = ReadUpTo(record, 16);
            if (n == 0) yield break;
            if (n < 16) { Error = "truncated packet record header"; yield break; }
            var seconds = U32(record, bigEndian);
            var fraction = U32(record.AsSpan(4), bigEndian);
            var captured = U32(record.AsSpan(8), bigEndian);
            if (captured > MaxBlockBytes) { Error = $"packet record of {captured} bytes exceeds the {MaxBlockBytes}-byte limit"; yield break; }
            var data = Rent((int)captured);
            if (!ReadExactly(data, (int)captured)) { Error = "truncated packet data"; yield break; }
            var ticks = nanoseconds ? fraction / 100 : fraction * 10L;
            var time = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(ticks);
            if (known is null) { UnsupportedLinkTypePackets++; continue; }
            yield return new CapturedFrame(time, known.Value, data.AsMemory(0, (int)captured));
        }
    }

    private sealed record Interface(LinkType? LinkType, long UnitsPerSecond);

    private IEnumerable<CapturedFrame> PcapNgFrames(byte[] firstFourBytes)
    {
        var interfaces = new List<Interface>();
        bool bigEndian = false;
        var head = new byte[8];
        firstFourBytes.CopyTo(head, 0);
        var haveHead = true;
        while (true)
        {
            if (!haveHead)
            {
                var n = ReadUpTo(head, 8);
                if (n == 0) yield break;
                if (n < 8) { Error = "truncated pcapng block header"; yield break; }
            }
            else if (!ReadExactly(head.AsSpan(4), 4)) { Error = "truncated pcapng section header"; yield break; }
            haveHead = false;

            var type = BinaryPrimitives.ReadUInt32LittleEndian(head);
            if (type == 0x0A0D0D0A)
            {
                // Section Header Block: the byte-order magic that follows decides how to read everything in the section.
                var bom = new byte[4];
                if (!ReadExactly(bom, 4)) { Error = "truncated pcapng section header"; yield break; }
                var bomValue = BinaryPrimitives.ReadUInt32LittleEndian(bom);
                if (bomValue == 0x1A2B3C4D) bigEndian = false;
                else if (bomValue == 0x4D3C2B1A) bigEndian = true;
                else { Error = "bad pcapng byte-order magic"; yield break; }
                var sectionLength = U32(head.AsSpan(4), bigEndian);
                if (sectionLength < 28 || sectionLength > MaxBlockBytes || sectionLength % 4 != 0) { Error = $"bad pcapng section header length {sectionLength}"; yield break; }
                var rest = Rent((int)sectionLength - 12);
                if (!ReadExactly(rest, (int)sectionLength - 12)) { Error = "truncated pcapng section header"; yield break; }
                interfaces.Clear();
                continue;
            }
            var length = U32(head.AsSpan(4), bigEndian);
            if (length < 12 || length % 4 != 0 || length > MaxBlockBytes) { Error = $"bad pcapng block length {length} (block type 0x{type:X8})"; yield break; }
            type = U32(head, bigEndian);
            var bodyLength = (int)length - 12;
            var body = Rent(bodyLength + 4);
            if (!ReadExactly(body, bodyLength + 4)) { Error = "truncated pcapng block"; yield break; }
            var span = body.AsSpan(0, bodyLength);
            switch (type)
            {
                case 1: // Interface Description Block
                    if (bodyLength < 8) { Error = "short interface description block"; yield break; }
                    interfaces.Add(new Interface(NormalizeLinkType(U16(span, bigEndian)), ReadTimestampResolution(span[8..], bigEndian)));
                    break;
                case 6: // Enhanced Packet Block
                {
                    if (bodyLength < 20) { Error = "short enhanced packet block"; yield break; }
                    var id = U32(span, bigEndian);
                    var high = U32(span[4..], bigEndian);
                    var low = U32(span[8..], bigEndian);
                    var captured = U32(span[12..], bigEndian);
                    if (captured > bodyLength - 20) { Error = "enhanced packet block data overruns the block"; yield break; }
                    if (id >= interfaces.Count) { Error = $"packet refers to undeclared interface {id}"; yield break; }
                    var itf = interfaces[(int)id];
                    if (itf.LinkType is null) { UnsupportedLinkTypePackets++; break; }
                    yield return new CapturedFrame(ToTime(((ulong)high << 32) | low, itf.UnitsPerSecond), itf.LinkType.Value, body.AsMemory(20, (int)captured));
                    break;
                }
                case 3: // Simple Packet Block: interface 0, no timestamp
                {
                    if (interfaces.Count == 0) { Error = "simple packet block before any interface"; yield break; }
                    var original = U32(span, bigEndian);
                    var captured = (int)Math.Min(original, (uint)(bodyLength - 4));
                    if (interfaces[0].LinkType is null) { UnsupportedLinkTypePackets++; break; }
                    yield return new CapturedFrame(DateTimeOffset.UnixEpoch, interfaces[0].LinkType!.Value, body.AsMemory(4, captured));
                    break;
                }
                case 2: // Packet Block (obsolete)
                {
                    if (bodyLength < 20) { Error = "short packet block"; yield break; }
                    var id = U16(span, bigEndian);
                    var high = U32(span[4..], bigEndian);
                    var low = U32(span[8..], bigEndian);
                    var captured = U32(span[12..], bigEndian);
                    if (captured > bodyLength - 20 || id >= interfaces.Count) { Error = "bad packet block"; yield break; }
                    var itf = interfaces[id];
                    if (itf.LinkType is null) { UnsupportedLinkTypePackets++; break; }
                    yield return new CapturedFrame(ToTime(((ulong)high << 32) | low, itf.UnitsPerSecond), itf.LinkType.Value, body.AsMemory(20, (int)captured));
                    break;
                }
            }
        }
    }

    /// <summary>if_tsresol (option 9): high bit clear = 10^-n seconds, set = 2^-n; default microseconds.</summary>
    private static long ReadTimestampResolution(ReadOnlySpan<byte> options, bool bigEndian)
    {
        while (options.Length >= 4)
        {
            var code = U16(options, bigEndian);
            var len = U16(options[2..], bigEndian);
            if (code == 0) break;
            if (4 + len > options.Length) break;
            if (code == 9 && len >= 1)
            {
                var v = options[4];
                var exponent = v & 0x7F;
                if ((v & 0x80) == 0) return exponent <= 18 ? (long)Math.Pow(10, exponent) : 1_000_000;
                return exponent <= 62 ? 1L << exponent : 1_000_000;
            }
            options = options[Math.Min(options.Length, 4 + ((len + 3) & ~3))..];
        }
        return 1_000_000;
    }

    private static DateTimeOffset ToTime(ulong units, long unitsPerSecond)
    {
        var seconds = units / (ulong)unitsPerSecond;
        var remainder = units % (ulong)unitsPerSecond;
        var ticks = (long)(remainder * (double)TimeSpan.TicksPerSecond / unitsPerSecond);
        return seconds > 253402300799UL ? DateTimeOffset.UnixEpoch : DateTimeOffset.FromUnixTimeSeconds((long)seconds).AddTicks(ticks);
    }

    private static LinkType? NormalizeLinkType(int value) => value switch
    {
        0 => LinkType.Null,
        1 => LinkType.Ethernet,
        101 or 12 or 14 => LinkType.Raw,
        108 => LinkType.Loop,
        113 => LinkType.LinuxSll,
        228 => LinkType.Ipv4,
        229 => LinkType.Ipv6,
        276 => LinkType.LinuxSll2,
        _ => null,
    };

    private static uint U32(ReadOnlySpan<byte> s, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);

    private static ushort U16(ReadOnlySpan<byte> s, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s);

    private byte[] Rent(int size)
    {
        if (_buffer.Length < size) _buffer = new byte[Math.Max(size, _buffer.Length * 2)];
        return _buffer;
    }

    private bool ReadExactly(Span<byte> into, int count) => ReadUpTo(into, count) == count;

    private bool ReadExactly(byte[] into, int count) => ReadUpTo(into.AsSpan(), count) == count;

    private int ReadUpTo(Span<byte> into, int count)
    {
        var total = 0;
        while (total < count)
        {
            var n = stream.Read(into.Slice(total, count - total));
            if (n == 0) break;
            total += n;
        }
        BytesRead += total;
        return total;
    }
}
