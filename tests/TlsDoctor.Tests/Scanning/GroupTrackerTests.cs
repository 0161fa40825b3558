using TlsDoctor.Registry;
using TlsDoctor.Scanning;

namespace TlsDoctor.Tests.Scanning;

public class GroupTrackerTests
{
    private static ushort S(string name) => CipherSuites.Find(name)!.Code;
    private static ushort G(string name) => Groups.Find(name)!.Code;

    [Fact]
    public async Task Groups_are_learned_during_suite_enumeration_at_the_cost_of_one_confirmation()
    {
        var server = new SimulatedServer
        {
            Suites = [S("ECDHE-RSA-AES128-GCM-SHA256"), S("ECDHE-RSA-AES256-GCM-SHA384"), S("ECDHE-RSA-AES128-SHA"), S("AES128-GCM-SHA256")],
            Groups = [G("x25519"), G("secp256r1")],
        };
        var tracker = new GroupTracker();
        var hello = new HelloSpec { Version = TlsVersion.Tls12, CipherSuites = [], Groups = ScanCandidates.Tls12Groups, SignatureAlgorithms = ScanCandidates.SignatureAlgorithms };
        var result = await SuiteEnumerator.EnumerateAsync(server, hello, ScanCandidates.Suites(TlsVersion.Tls12), default, groups: tracker);
        Assert.Equal(server.Suites, result.Suites);
        Assert.True(tracker.IsComplete);
        Assert.Equal(server.Groups, tracker.Seen);
        // 4 suites + 1 refusal + 1 probe that confirmed no offered group was left.
        Assert.Equal(6, server.Handshakes);
    }

    [Fact]
    public async Task A_server_preferring_a_non_ecdhe_suite_stops_tracking_without_losing_suites()
    {
        var server = new SimulatedServer
        {
            Suites = [S("ECDHE-RSA-AES128-GCM-SHA256"), S("AES128-GCM-SHA256"), S("ECDHE-RSA-AES256-GCM-SHA384")],
            Groups = [G("x25519"), G("secp256r1"), G("secp384r1")],
        };
        var tracker = new GroupTracker();
        var hello = new HelloSpec { Version = TlsVersion.Tls12, CipherSuites = [], Groups = ScanCandidates.Tls12Groups, SignatureAlgorithms = ScanCandidates.SignatureAlgorithms };
        var result = await SuiteEnumerator.EnumerateAsync(server, hello, ScanCandidates.Suites(TlsVersion.Tls12), default, groups: tracker);
        Assert.Equal(server.Suites, result.Suites);
        Assert.False(tracker.IsComplete);
    }
}
