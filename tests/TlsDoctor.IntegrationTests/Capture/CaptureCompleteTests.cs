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
        var started = await TlsEmulator.StartAsync(new EmulatorOptions { Policy = policy, Listen = null, Certificates = [ServerCertificate.Generate(CertificateKind.Rsa)], MaxConnections = 16 });
        Assert.True(started.Emulator is not null, started.Error?.Message);
        await using var emulator = started.Emulator;
        await using var capture = new InProcessCapture(handoff: emulator.HandOffAsync);
        var port = capture.Port;

        var curl = await ProcessRunner.RunAsync("curl", ["-sk", "--max-time", "10", "-o", "/dev/null", "-w", "%{http_code}", "--resolve", $"complete.test:{port}:127.0.0.1", $"https://complete.test:{port}/"], TimeSpan.FromSeconds(15));
        Assert.True(curl.StandardOutput.Trim() == "200", $"curl through capture --complete: {curl.Output}");
        var openssl = await ProcessRunner.RunAsync("openssl", ["s_client", "-connect", $"127.0.0.1:{port}", "-servername", "complete2.test", "-tls1_2"], TimeSpan.FromSeconds(15), standardInput: "");
        Assert.Contains("New, TLSv1.2, Cipher is ECDHE", openssl.Output);

        var refused = await ProcessRunner.RunAsync("openssl", ["s_client", "-connect", $"127.0.0.1:{port}", "-servername", "complete3.test", "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"], TimeSpan.FromSeconds(15), standardInput: "");
        Assert.Contains("Cipher is (NONE)", refused.Output);

        await capture.WaitForCountAsync(3, TimeSpan.FromSeconds(10));
        Assert.Equal(["complete.test", "complete2.test", "complete3.test"], capture.Rows.Select(r => r.ServerName).Order());
        Assert.All(capture.Rows, r => Assert.Null(r.Malformed));

        // The verdict for the enforced policy agrees with what the real handshakes did.
        var verdicts = new PolicyVerdicts(policy, [policy]);
        var bySni = capture.Rows.ToDictionary(r => r.ServerName!, r => verdicts.Evaluate(r)!);
        Assert.Equal(TlsDoctor.Registry.TlsVersion.Tls13, Assert.IsType<NegotiationOutcome.Agreed>(bySni["complete.test"].Outcome).Version);
        Assert.Equal(TlsDoctor.Registry.TlsVersion.Tls12, Assert.IsType<NegotiationOutcome.Agreed>(bySni["complete2.test"].Outcome).Version);
        Assert.IsType<NegotiationOutcome.Refused>(bySni["complete3.test"].Outcome);
        Assert.Equal(0, bySni["complete3.test"].AwsAccepted);
        Assert.Equal(1, bySni["complete.test"].AwsAccepted);
    }
}
