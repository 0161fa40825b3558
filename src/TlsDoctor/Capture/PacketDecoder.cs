using System.Buffers.Binary;
using System.Net;

namespace TlsDoctor.Capture;

/// <summary>
/// Link layer → IPv4/IPv6 → TCP/UDP. Returns false for anything else (ARP, ICMP, non-first IPv4
/// fragments, truncated headers); never throws on captured bytes.
/// </summary>
/// <remarks>
/// Ethernet II with 802.1Q/802.1ad tags; Linux cooked v1/v2 (https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html,
/// LINKTYPE_LINUX_SLL2.html); IPv4 (RFC 791), IPv6 with extension headers (RFC 8200 section 4), TCP (RFC 9293), UDP (RFC 768).
/// </remarks>
public static class PacketDecoder
{
    private const ushort EtherTypeIpv4 = 0x0800, EtherTypeIpv6 = 0x86DD;

    public static bool TryDecode(in CapturedFrame frame, out TransportSegment segment)
    {
        segment = default;
        var data = frame.Data;
        var span = data.Span;
        int offset;
        ushort etherType;
        switch (frame.LinkType)
        {
            case LinkType.Ethernet:
                if (span.Length < 14) return false;
                etherType = BinaryPrimitives.ReadUInt16BigEndian(span[12..]);
                offset = 14;
                for (var tags = 0; tags < 2 && etherType is 0x8100 or 0x88A8; tags++)
                {
                    if (span.Length < offset + 4) return false;
                    etherType = BinaryPrimitives.ReadUInt16BigEndian(span[(offset + 2)..]);
                    offset += 4;
                }
                break;
            case LinkType.LinuxSll:
                if (span.Length < 16) return false;
                etherType = BinaryPrimitives.ReadUInt16BigEndian(span[14..]);
                offset = 16;
                break;
            case LinkType.LinuxSll2:
                if (span.Length < 20) return false;
                etherType = BinaryPrimitives.ReadUInt16BigEndian(span);
                offset = 20;
                break;
            case LinkType.Null:
            case LinkType.Loop:
            {
                if (span.Length < 4) return false;
                var family = frame.LinkType == LinkType.Loop
                    ? BinaryPrimitives.ReadUInt32BigEndian(span)
                    : BinaryPrimitives.ReadUInt32LittleEndian(span) is var le && le < 256 ? le : BinaryPrimitives.ReadUInt32BigEndian(span);
                // AF_INET is 2 everywhere; AF_INET6 is 10 (Linux), 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (macOS).
                etherType = family == 2 ? EtherTypeIpv4 : family is 10 or 24 or 28 or 30 ? EtherTypeIpv6 : (ushort)0;
                offset = 4;
                break;
            }
            case LinkType.Raw:
                if (span.Length < 1) return false;
                etherType = (span[0] >> 4) switch { 4 => EtherTypeIpv4, 6 => EtherTypeIpv6, _ => (ushort)0 };
                offset = 0;
                break;
            case LinkType.Ipv4: etherType = EtherTypeIpv4; offset = 0; break;
            case LinkType.Ipv6: etherType = EtherTypeIpv6; offset = 0; break;
            default: return false;
        }
        return etherType switch
        {
            EtherTypeIpv4 => TryIpv4(frame.Time, data[offset..], out segment),
            EtherTypeIpv6 => TryIpv6(frame.Time, data[offset..], out segment),
            _ => false,
        };
    }

    private static bool TryIpv4(DateTimeOffset time, ReadOnlyMemory<byte> packet, out TransportSegment segment)
    {
        segment = default;
        var s = packet.Span;
        if (s.Length < 20 || (s[0] >> 4) != 4) return false;
        var headerLength = (s[0] & 0x0F) * 4;
        var totalLength = BinaryPrimitives.ReadUInt16BigEndian(s[2..]);
        if (headerLength < 20 || totalLength < headerLength || s.Length < headerLength) return false;
        // Only the first fragment carries the transport header; reassembling IP fragments is out of scope.
        var fragment = BinaryPrimitives.ReadUInt16BigEndian(s[6..]);
        if ((fragment & 0x1FFF) != 0 || (fragment & 0x2000) != 0) return false;
        var end = Math.Min(totalLength == 0 ? s.Length : totalLength, s.Length); // 0 = TSO-offloaded capture
        var source = new IPAddress(s.Slice(12, 4));
        var destination = new IPAddress(s.Slice(16, 4));
        return TryTransport(time, s[9], source, destination, packet[headerLength..end], out segment);
    }

    private static bool TryIpv6(DateTimeOffset time, ReadOnlyMemory<byte> packet, out TransportSegment segment)
    {
        segment = default;
        var s = packet.Span;
        if (s.Length < 40 || (s[0] >> 4) != 6) return false;
        var payloadLength = BinaryPrimitives.ReadUInt16BigEndian(s[4..]);
        var next = s[6];
        var source = new IPAddress(s.Slice(8, 16));
        var destination = new IPAddress(s.Slice(24, 16));
        var end = payloadLength == 0 ? s.Length : Math.Min(40 + payloadLength, s.Length);
        var offset = 40;
        for (var i = 0; i < 8; i++)
        {
            switch (next)
            {
                case 0 or 43 or 60: // hop-by-hop, routing, destination options
                    if (end < offset + 8) return false;
                    next = s[offset];
                    offset += (s[offset + 1] + 1) * 8;
                    continue;
                case 44: // fragment: only an unfragmented or first fragment has the transport header
                    if (end < offset + 8) return false;
                    var fragmentOffset = BinaryPrimitives.ReadUInt16BigEndian(s[(offset + 2)..]);
                    if ((fragmentOffset & 0xFFF9) != 0) return false;
                    next = s[offset];
                    offset += 8;
                    continue;
            }
            break;
        }
        if (offset > end) return false;
        return TryTransport(time, next, source, destination, packet[offset..end], out segment);
    }

    private static bool TryTransport(DateTimeOffset time, byte protocol, IPAddress source, IPAddress destination, ReadOnlyMemory<byte> payload, out TransportSegment segment)
    {
        segment = default;
        var s = payload.Span;
        if (protocol == 6)
        {
            if (s.Length < 20) return false;
            var dataOffset = (s[12] >> 4) * 4;
            if (dataOffset < 20 || dataOffset > s.Length) return false;
            segment = new TransportSegment(time,
                new IPEndPoint(source, BinaryPrimitives.ReadUInt16BigEndian(s)),
                new IPEndPoint(destination, BinaryPrimitives.ReadUInt16BigEndian(s[2..])),
                IsTcp: true, BinaryPrimitives.ReadUInt32BigEndian(s[4..]), s[13], payload[dataOffset..]);
            return true;
        }
        if (protocol == 17)
        {
            if (s.Length < 8) return false;
            var length = BinaryPrimitives.ReadUInt16BigEndian(s[4..]);
            var end = length >= 8 && length <= s.Length ? length : s.Length;
            segment = new TransportSegment(time,
                new IPEndPoint(source, BinaryPrimitives.ReadUInt16BigEndian(s)),
                new IPEndPoint(destination, BinaryPrimitives.ReadUInt16BigEndian(s[2..])),
                IsTcp: false, 0, 0, payload[8..end]);
            return true;
        }
        return false;
    }
}
