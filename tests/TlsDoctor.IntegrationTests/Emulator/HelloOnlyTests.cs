using System.Net;
using TlsDoctor.Diagnosis;
using TlsDoctor.Emulator;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;
using TlsDoctor.Registry;
using TlsDoctor.Scanning;

namespace TlsDoctor.IntegrationTests.Emulator;

/// <summary>A suite no engine completes (RC4) is still answered as the policy dictates: ServerHello with that suite, logged as hello-only.</summary>
public sealed class HelloOnlyTests
{
    [Fact]
    public async Task Rc4Client_OnAPolicyWithRc4_GetsAServerHelloWithRc4()
    {
        var policy = PolicyCatalog.Get("ELBSample-OpenSSLDefaultCipherPolicy")!;
        var rc4 = CipherSuites.Find("RC4-SHA")!.Code;
        Assert.Contains(rc4, policy.CipherSuites);
        await using var server = await new RunningEmulator { Policy = policy, Analyzer = new SimulatorHelloAnalyzer() }.StartAsync();
        Assert.Contains(rc4, server.Emulator.Engine.HelloOnlySuites);

        var offer = new ClientOffer { Name = "rc4 only", Versions = [TlsVersion.Tls10], CipherSuites = [rc4] };
        LiveAnswer answer = null!;
        using var prober = new RawHandshakeProber(new Connector(StageTimeouts.Uniform(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5))),
            new IPEndPoint(IPAddress.Loopback, server.Port));
        var record = await server.OneRecordAsync(async () => answer = await HelloProbe.SendAsync(prober, offer, null, CancellationToken.None));

        Assert.Equal(LiveAnswerKind.ServerHello, answer.Kind);
        Assert.Equal(rc4, answer.Suite);
        Assert.Equal(TlsVersion.Tls10, answer.Version);
        Assert.Equal(ConnectionOutcome.HelloOnly, record.Outcome);
        Assert.Equal(rc4, record.Suite);
    }
}
