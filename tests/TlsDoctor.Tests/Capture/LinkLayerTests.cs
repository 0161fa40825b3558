using System.Buffers.Binary;
using TlsDoctor.Capture;

namespace TlsDoctor.Tests.Capture;

/// <summary>
/// The same connection (curl's loopback capture, Ethernet) re-encapsulated as Linux cooked v1 and v2, raw IPv4 and BSD
/// loopback, in big-endian and nanosecond libpcap files: every variant yields the same ClientHello bytes and the
/// reference fingerprint. Headers follow the tcpdump.org LINKTYPE_ pages.
/// </summary>
public class LinkLayerTests
{
    private const string ExpectedJa4 = "t13d3112h2_e8f1e7e78f70_b26ce05bbdd6"; // Fixtures/expected.json, curl.pcap

    private static List<(uint Seconds, uint Micros, byte[] Frame)> EthernetPackets()
    {
        var data = File.ReadAllBytes(FingerprintReferenceTests.Fixture("curl.pcap"));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(20)));
        var packets = new List<(uint, uint, byte[])>();
        for (var off = 24; off < data.Length;)
        {
            var captured = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(off + 8));
            packets.Add((BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(off)), BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(off + 4)),
                data.AsSpan(off + 16, captured).ToArray()));
            off += 16 + captured;
        }
        return packets;
    }

    private static byte[] WritePcap(int linkType, bool bigEndian, bool nanoseconds, IEnumerable<(uint Seconds, uint Micros, byte[] Frame)> packets)
    {
        var ms = new MemoryStream();
        void U32(uint v) { var b = new byte[4]; if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, v); else BinaryPrimitives.WriteUInt32LittleEndian(b, v); ms.Write(b); }
        void U16(ushort v) { var b = new byte[2]; if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, v); else BinaryPrimitives.WriteUInt16LittleEndian(b, v); ms.Write(b); }
        U32(nanoseconds ? 0xA1B23C4D : 0xA1B2C3D4);
        U16(2); U16(4); U32(0); U32(0); U32(262144); U32((uint)linkType);
        foreach (var (s, us, frame) in packets)
        {
            U32(s); U32(nanoseconds ? us * 1000 : us); U32((uint)frame.Length); U32((uint)frame.Length);
            ms.Write(frame);
        }
        return ms.ToArray();
    }

    public static TheoryData<string> Variants() => ["ethernet", "sll", "sll2", "raw", "ipv4", "null", "big-endian", "nanoseconds"];

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_encapsulation_gives_the_same_hello(string variant)
    {
        var packets = EthernetPackets();
        IEnumerable<(uint, uint, byte[])> Rewrap(Func<byte[], byte[]> f) => packets.Select(p => (p.Seconds, p.Micros, f(p.Frame)));
        static byte[] Ip(byte[] frame) => frame[14..];
        var file = variant switch
        {
            "ethernet" => WritePcap(1, false, false, packets),
            // LINUX_SLL: packet type, ARPHRD (772 loopback), address length, 8-byte address, protocol.
            "sll" => WritePcap(113, false, false, Rewrap(f => new byte[] { 0, 0, 3, 4, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00 }.Concat(Ip(f)).ToArray())),
            // LINUX_SLL2: protocol, reserved, interface index, ARPHRD, packet type, address length, 8-byte address.
            "sll2" => WritePcap(276, false, false, Rewrap(f => new byte[] { 0x08, 0x00, 0, 0, 0, 0, 0, 1, 3, 4, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0 }.Concat(Ip(f)).ToArray())),
            "raw" => WritePcap(101, false, false, Rewrap(Ip)),
            "ipv4" => WritePcap(228, false, false, Rewrap(Ip)),
            "null" => WritePcap(0, false, false, Rewrap(f => new byte[] { 2, 0, 0, 0 }.Concat(Ip(f)).ToArray())),
            "big-endian" => WritePcap(1, true, false, packets),
            "nanoseconds" => WritePcap(1, false, true, packets),
            _ => throw new ArgumentException(variant),
        };
        var capture = new PcapCapture();
        var hellos = capture.Read(new MemoryStream(file), "test", variant).Select(HelloAnalyzer.Analyze).ToList();
        Assert.Null(capture.Files.Single().Error);
        var hello = Assert.Single(hellos);
        Assert.Equal(ExpectedJa4, hello.Ja4);
        Assert.Equal("127.0.0.1:44330", hello.Server);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(packets[3].Seconds).AddTicks(packets[3].Micros * 10L), hello.Time);
    }

    [Fact]
    public void Out_of_order_and_duplicated_segments_are_reassembled()
    {
        // The hello split into 3 TCP segments, sent in the order 3, 1, 1 (again), 2.
        var packets = EthernetPackets();
        var helloFrame = packets[3].Frame;
        var ipHeader = 20;
        var tcpHeader = (helloFrame[14 + ipHeader + 12] >> 4) * 4;
        var headerLength = 14 + ipHeader + tcpHeader;
        var payload = helloFrame[headerLength..];
        var sequence = BinaryPrimitives.ReadUInt32BigEndian(helloFrame.AsSpan(14 + ipHeader + 4));
        byte[] Segment(int from, int to)
        {
            var frame = helloFrame[..headerLength].Concat(payload[from..to]).ToArray();
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14 + 2), (ushort)(ipHeader + tcpHeader + (to - from)));
            BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(14 + ipHeader + 4), sequence + (uint)from);
            return frame;
        }
        var third = payload.Length * 2 / 3;
        var reordered = packets.Take(3).Select(p => p.Frame)
            .Concat([Segment(third, payload.Length), Segment(0, 100), Segment(0, 100), Segment(100, third)])
            .Select(f => (packets[3].Seconds, packets[3].Micros, f));
        var hellos = new PcapCapture().Read(new MemoryStream(WritePcap(1, false, false, reordered)), "test", "reordered").Select(HelloAnalyzer.Analyze).ToList();
        Assert.Equal(ExpectedJa4, Assert.Single(hellos).Ja4);
        Assert.Equal(payload[5..], hellos[0].Raw);
    }

    [Fact]
    public void A_truncated_file_reports_why_and_keeps_what_it_read()
    {
        var file = WritePcap(1, false, false, EthernetPackets());
        var capture = new PcapCapture();
        var hellos = capture.Read(new MemoryStream(file[..(file.Length - 10)]), "test", "truncated").ToList();
        Assert.Single(hellos);
        Assert.Equal("truncated packet data", capture.Files.Single().Error);
        var garbage = new PcapCapture();
        Assert.Empty(garbage.Read(new MemoryStream("not a capture"u8.ToArray()), "test", "garbage").ToList());
        Assert.StartsWith("not a pcap or pcapng file", garbage.Files.Single().Error);
    }
}
