using System.Net;
using TlsDoctor.Capture;
using TlsDoctor.Clients;
using TlsDoctor.Wire;

namespace TlsDoctor.Tests.Capture;

/// <summary>
/// The JA3/JA4 a captured profile carries are those of its own captured hello (Clients/Captured/*.hex), and a capture
/// report names the client behind a fingerprint: by JA4 for the captured clients, by suites and versions for the others.
/// </summary>
public class ProfileMatcherTests
{
    public static TheoryData<string> CapturedProfiles() => new(ClientProfiles.All.Where(p => p.CaptureFile is not null).Select(p => p.Id));

    private static CapturedHello Analyze(byte[] handshakeMessage) => HelloAnalyzer.Analyze(new RawHello(DateTimeOffset.UnixEpoch,
        new IPEndPoint(IPAddress.Loopback, 50000), new IPEndPoint(IPAddress.Loopback, 443), CaptureTransport.Tcp, handshakeMessage, null, null, "test"));

    private static CapturedHello Captured(ClientProfile profile)
    {
        var hex = File.ReadAllText(RepoPaths.Repo($"tests/TlsDoctor.Tests/Clients/Captured/{profile.CaptureFile}"));
        Assert.True(HexInput.TryParse(hex, out var bytes, out var error), error);
        var decoded = HelloDecoder.Decode(bytes);
        Assert.True(decoded.IsSuccess, decoded.Error?.ToString());
        return Analyze(decoded.Value!.ClientHello!.RawBytes!.Value.ToArray());
    }

    [Theory]
    [MemberData(nameof(CapturedProfiles))]
    public void A_captured_profile_carries_the_fingerprints_of_its_hello_and_is_named_by_them(string id)
    {
        var profile = ClientProfiles.Get(id)!;
        var row = Captured(profile);
        Assert.True((profile.Ja3, profile.Ja4) == (row.Ja3, row.Ja4), $"\"ja3\": \"{row.Ja3}\", \"ja4\": \"{row.Ja4}\" for {id}");
        var matches = ProfileMatcher.Match(row);
        Assert.Contains(matches, m => m.Id == id && m.By == "JA4");
        var report = CaptureReport.Build([row]);
        Assert.Contains(Assert.Single(report.Clients).Profiles, m => m.Id == id);
    }

    [Fact]
    public void A_profile_known_only_by_its_offer_is_named_by_its_suites_and_versions()
    {
        var profile = ClientProfiles.Get("java-7u25")!;
        var hello = new ClientHelloBuilder { Versions = [.. profile.Offer.Versions], Random = RandomSource.FromSeed(1) }
            .WithCipherSuites([.. profile.Offer.CipherSuites]).Build();
        var row = Analyze(hello.ToRecord()[5..]);
        Assert.Contains(ProfileMatcher.Match(row), m => m.Id == "java-7u25" && m.By == "cipher suites");
        // One suite fewer is another client.
        var other = new ClientHelloBuilder { Versions = [.. profile.Offer.Versions], Random = RandomSource.FromSeed(1) }
            .WithCipherSuites([.. profile.Offer.CipherSuites.Skip(1)]).Build();
        Assert.DoesNotContain(ProfileMatcher.Match(Analyze(other.ToRecord()[5..])), m => m.Id == "java-7u25");
    }
}
