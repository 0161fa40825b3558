using System.Net;
using TlsDoctor.Capture;

namespace TlsDoctor.Tests.Capture;

public class TcpHelloTrackerTests
{
    private static readonly byte[] CurlRecord = Convert.FromHexString(File.ReadAllText(FingerprintReferenceTests.Fixture("curl.clienthello.hex")).Trim());

    private static TransportSegment Segment(int clientPort, uint sequence, byte[] payload, byte flags = 0) =>
        new(DateTimeOffset.UnixEpoch, new IPEndPoint(IPAddress.Loopback, clientPort), new IPEndPoint(IPAddress.Loopback, 80), true, sequence, flags, payload);

    [Fact]
    public void A_direction_without_a_hello_in_its_first_segments_is_dropped_while_others_are_read()
    {
        var tracker = new TcpHelloTracker("test");
        var output = new List<RawHello>();
        uint seq = 1000;
        for (var i = 0; i < 20; i++)
        {
            var chunk = "GET / HTTP/1.1\r\nHost: example\r\n\r\n"u8.ToArray();
            tracker.Add(Segment(5000, seq, chunk), output);
            seq += (uint)chunk.Length;
        }
        // Behind an 8-byte preamble on another connection: still found.
        tracker.Add(Segment(5001, 1, [5, 1, 0, 5, 1, 0, 1, 2]), output);
        tracker.Add(Segment(5001, 9, CurlRecord), output);
        Assert.Equal(1, tracker.AbandonedFlows);
        var hello = Assert.Single(output);
        Assert.Equal(5001, hello.Client.Port);
        Assert.Equal(CurlRecord[5..], hello.HandshakeMessage);
    }

    [Fact]
    public void Flows_beyond_the_limit_evict_the_least_recently_seen()
    {
        var tracker = new TcpHelloTracker("test", maxFlows: 100);
        var output = new List<RawHello>();
        for (var port = 1; port <= 1000; port++) tracker.Add(Segment(port, 1, CurlRecord[..50]), output);
        Assert.True(tracker.TrackedFlows <= 100);
        Assert.True(tracker.EvictedFlows >= 900);
        Assert.Empty(output);
    }
}
