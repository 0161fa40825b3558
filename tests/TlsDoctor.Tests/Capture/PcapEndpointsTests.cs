using System.Text.Json;
using TlsDoctor.Capture;

namespace TlsDoctor.Tests.Capture;

/// <summary>
/// Every ClientHello that Wireshark finds in the reference captures (../shared/reference/ja4/expected.json, built with
/// tshark and the FoxIO reference outputs) is found by the pcap reader, with the same transport and endpoints, and
/// nothing else is.
/// </summary>
public class PcapEndpointsTests
{
    public static TheoryData<string> ReferenceCaptures()
    {
        var data = new TheoryData<string>();
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.SharedReference("ja4/expected.json")));
        foreach (var p in doc.RootElement.GetProperty("pcaps").EnumerateObject()) data.Add(p.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(ReferenceCaptures))]
    public void Finds_every_hello_with_its_endpoints(string capture)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.SharedReference("ja4/expected.json")));
        var expected = doc.RootElement.GetProperty("pcaps").GetProperty(capture).GetProperty("clientHellos").EnumerateArray()
            .Select(c => $"{c.GetProperty("transport").GetString()} {Endpoint(c.GetProperty("src").GetString()!, c.GetProperty("srcPort").GetInt32())} -> {Endpoint(c.GetProperty("dst").GetString()!, c.GetProperty("dstPort").GetInt32())}")
            .Order().ToList();
        var pcap = new PcapCapture();
        var actual = pcap.Read([RepoPaths.SharedReference("ja4/" + capture)])
            .Select(h => $"{CaptureStore.TransportName(h.Transport)} {CaptureEndpoint.Format(h.Client)} -> {CaptureEndpoint.Format(h.Server)}")
            .Order().ToList();
        Assert.Null(pcap.Files.Single().Error);
        Assert.Equal(expected, actual);
    }

    private static string Endpoint(string ip, int port) => CaptureEndpoint.Format(new System.Net.IPEndPoint(System.Net.IPAddress.Parse(ip), port));
}
