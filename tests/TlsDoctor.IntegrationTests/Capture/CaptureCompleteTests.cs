using TlsDoctor.Capture;
using TlsDoctor.Emulator;
using TlsDoctor.IntegrationTests.Servers;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;

namespace TlsDoctor.IntegrationTests.Capture;

/// <summary>
/// `capture --complete`: the hello is recorded and the connection continues with the emulator, so real clients finish
/// their handshake (curl gets the emulator's HTTP answer; openssl reports the negotiated protocol).
/// </summary>
public class CaptureCompleteTests
{
    [Fact]
    public async Task Clients_complete_the_handshake_and_are_recorded()
    {
        var policy = PolicyCatalog.Get("ELBSecurityPolicy-TLS13-1-2-2021-06")!;
        var (handoff, error) = await EmulatorHandoff.StartAsync(policy, [ServerCertificate.Generate(CertificateKind.Rsa)], 16, CancellationToken.None);
        Assert.True(handoff is not null, error);
        await using var _ = handoff;
        await using var capture = new InProcessCapture(handoff: handoff!.RelayAsync);
        var port = capture.Port;

        var curl = await ProcessRunner.RunAsync("curl", ["-sk", "--max-time", "10", "-o", "/dev/null", "-w", "%{http_code}", "--resolve", $"complete.test:{port}:127.0.0.1", $"https://complete.test:{port}/"], TimeSpan.FromSeconds(15));
        Assert.True(curl.StandardOutput.Trim() == "200", $"curl through capture --complete: {curl.Output}");
        var openssl = await ProcessRunner.RunAsync("openssl", ["s_client", "-connect", $"127.0.0.1:{port}", "-servername", "complete2.test", "-tls1_2"], TimeSpan.FromSeconds(15), standardInput: "");
        Assert.Contains("Protocol  : TLSv1.2", openssl.Output);

        await capture.WaitForCountAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal(["complete.test", "complete2.test"], capture.Rows.Select(r => r.ServerName).Order());
        Assert.All(capture.Rows, r => Assert.Null(r.Malformed));
    }
}
