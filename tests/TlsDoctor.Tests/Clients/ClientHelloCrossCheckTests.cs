using TlsDoctor.Clients;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using TlsDoctor.Wire;

namespace TlsDoctor.Tests.Clients;

/// <summary>
/// Each profile's facts against the client's real ClientHello bytes, decoded by the wire codec: TlsDoctor's own
/// captures (Captured/*.hex) and the hellos of the testssl.sh client table (../shared/reference, a test fixture only).
/// </summary>
public class ClientHelloCrossCheckTests
{
    public static IEnumerable<object[]> CapturedProfiles() =>
        ClientProfiles.All.Where(p => p.CaptureFile is not null).Select(p => new object[] { p.Id });

    public static IEnumerable<object[]> TestsslHellos()
    {
        var lines = File.ReadAllLines(RepoPaths.SharedReference("clients/testssl-client-simulation.txt"));
        string? shortName = null;
        foreach (var line in lines.Select(l => l.Trim()))
        {
            if (line.StartsWith("short+=(\"", StringComparison.Ordinal)) shortName = line[9..^2];
            else if (line.StartsWith("handshakebytes+=(\"", StringComparison.Ordinal) && shortName is not null)
                yield return [shortName.Replace('_', '-').ToLowerInvariant(), line[18..^2]];
        }
    }

    [Fact]
    public void Every_testssl_profile_and_every_capture_is_a_profile()
    {
        Assert.Equal(177, TestsslHellos().Count());
        Assert.Equal(11, CapturedProfiles().Count());
        Assert.All(TestsslHellos(), h => Assert.NotNull(ClientProfiles.Get((string)h[0])));
    }

    [Theory]
    [MemberData(nameof(CapturedProfiles))]
    public void A_captured_hello_decodes_to_what_the_profile_says(string id)
    {
        var profile = ClientProfiles.Get(id)!;
        var hex = File.ReadAllText(RepoPaths.Repo($"tests/TlsDoctor.Tests/Clients/Captured/{profile.CaptureFile}"));
        AssertMatches(profile, hex, checkVersions: !id.Contains("tls1"));
    }

    [Theory]
    [MemberData(nameof(TestsslHellos))]
    public void A_testssl_hello_decodes_to_what_the_profile_says(string id, string hex)
    {
        var profile = ClientProfiles.Get(id)!;
        AssertMatches(profile, hex, checkVersions: false);
    }

    private static void AssertMatches(ClientProfile profile, string hex, bool checkVersions)
    {
        Assert.True(HexInput.TryParse(hex, out var bytes, out var error), error);
        var decoded = HelloDecoder.Decode(bytes);
        Assert.True(decoded.IsSuccess, decoded.Error?.ToString());
        var hello = decoded.Value;
        ClientOffer offer;
        if (hello.Sslv2ClientHello is { } v2)
        {
            Assert.True(profile.SendsSslv2Hello);
            offer = v2.ToClientOffer();
        }
        else
        {
            Assert.False(profile.SendsSslv2Hello);
            var ch = hello.ClientHello!;
            offer = ch.ToClientOffer();
            Assert.Equal(profile.SendsSni, ch.ServerName is not null);
            Assert.Equal(NoGrease(offer.Groups), profile.Offer.Groups);
            Assert.Equal(NoGrease(offer.KeyShares), profile.Offer.KeyShares);
            Assert.Equal(NoGrease(offer.SignatureAlgorithms), profile.Offer.SignatureAlgorithms);
            Assert.Equal(offer.EcPointFormats, profile.Offer.EcPointFormats);
            Assert.Equal(offer.Alpn, profile.Offer.Alpn);
            if (offer.CipherSuites.Any(Grease.IsGrease)) Assert.True(profile.UsesGrease);
        }
        Assert.Equal(NoGrease(offer.CipherSuites), profile.Offer.CipherSuites);
        if (checkVersions) Assert.Equal(offer.Versions, profile.Offer.Versions);
        else Assert.Contains(profile.Offer.MaxVersion, offer.Versions.Append(TlsVersion.SSLv3));
    }

    private static IReadOnlyList<ushort> NoGrease(IReadOnlyList<ushort> codes) => codes.Where(c => !Grease.IsGrease(c)).ToList();
}
