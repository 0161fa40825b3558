using System.Net;
using TlsDoctor.Capture;

namespace TlsDoctor.Tests.Capture;

public class HelloAnalyzerTests
{
    private static readonly byte[] Curl = Convert.FromHexString(File.ReadAllText(FingerprintReferenceTests.Fixture("curl.clienthello.hex")).Trim())[5..];
    private static readonly IPEndPoint Endpoint = new(IPAddress.Loopback, 443);

    private static CapturedHello Analyze(byte[] message) =>
        HelloAnalyzer.Analyze(new RawHello(DateTimeOffset.UnixEpoch, Endpoint, Endpoint, CaptureTransport.Tcp, message, null, null, "test"));

    [Fact]
    public void Seeded_mutations_of_a_real_hello_never_throw_and_are_either_fingerprinted_or_malformed()
    {
        var random = new Random(61);
        for (var i = 0; i < 3000; i++)
        {
            var message = Curl.ToArray();
            for (var flips = random.Next(1, 6); flips > 0; flips--) message[random.Next(4, message.Length)] = (byte)random.Next(256);
            var row = Analyze(message);
            Assert.True((row.Malformed is null) == (row.Ja4 is not null), $"mutation {i}: malformed={row.Malformed}, ja4={row.Ja4}");
            if (row.Malformed is not null) Assert.StartsWith("decode error: ", row.Malformed);
        }
    }
}
