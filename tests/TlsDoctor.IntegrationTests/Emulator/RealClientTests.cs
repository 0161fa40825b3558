using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Security.Authentication;
using TlsDoctor.Emulator;
using TlsDoctor.IntegrationTests.Servers;
using TlsDoctor.Registry;

namespace TlsDoctor.IntegrationTests.Emulator;

/// <summary>
/// Real clients (openssl s_client, curl, gnutls-cli, .NET HttpClient) against the emulator: handshakes succeed
/// exactly when the policy allows, with the parameters the policy's server order dictates, and each connection is
/// logged with its outcome. Expected values come from the policies' definitions and the clients' own output.
/// </summary>
public sealed class RealClientTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static Task<ProcessResult> SClient(RunningEmulator server, params string[] arguments) =>
        ProcessRunner.RunAsync("openssl", ["s_client", "-connect", server.Address, "-servername", "localhost", .. arguments],
            TimeSpan.FromSeconds(15), standardInput: "");

    private static string OpenSslName(string suite) => CipherSuites.Find(suite)!.OpenSslName!;

    [Theory]
    [InlineData("-tls1_2", "ECDHE-RSA-AES128-GCM-SHA256")]
    [InlineData("-tls1_2", "ECDHE-RSA-AES256-GCM-SHA384")]
    [InlineData("-tls1_2", "AES128-SHA")]
    public async Task OpenSsl_InPolicyTls12Cipher_Succeeds(string version, string cipher)
    {
        ProcessResult result = null!;
        var record = await fixture.ModernServer.OneRecordAsync(async () => result = await SClient(fixture.ModernServer, version, "-cipher", cipher));

        Assert.Contains($"Cipher is {cipher}", result.Output);
        Assert.Equal(ConnectionOutcome.Success, record.Outcome);
        Assert.Equal(TlsVersion.Tls12, record.Protocol);
        Assert.Equal(CipherSuites.Find(cipher)!.Code, record.Suite);
        Assert.Contains(record.Suite!.Value, EmulatorFixture.Modern.CipherSuites);
    }

    [Fact]
    public async Task OpenSsl_Tls13_GetsThePolicysFirstTls13Suite()
    {
        ProcessResult result = null!;
        var record = await fixture.ModernServer.OneRecordAsync(async () => result = await SClient(fixture.ModernServer, "-tls1_3"));

        var expected = EmulatorFixture.Modern.CipherSuites.First(c => CipherSuites.Find(c)!.IsTls13);
        Assert.Contains($"Cipher is {CipherSuites.Find(expected)!.OpenSslName}", result.Output);
        Assert.Equal(ConnectionOutcome.Success, record.Outcome);
        Assert.Equal(TlsVersion.Tls13, record.Protocol);
        Assert.Equal(expected, record.Suite);
    }

    [Fact]
    public async Task OpenSsl_Tls12_SignatureScheme_FollowsTheServersPreference_NotTheClientsFirstChoice()
    {
        // The client lists SHA-1 first; a server with its own preference (OpenSSL's tls12_sigalgs, s2n's ELB lists)
        // signs with SHA-256, never with the client's weakest offer.
        ProcessResult result = null!;
        await fixture.ModernServer.OneRecordAsync(async () =>
            result = await SClient(fixture.ModernServer, "-tls1_2", "-sigalgs", "RSA+SHA1:RSA+SHA256", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256@SECLEVEL=0"));
        Assert.Contains("Peer signing digest: SHA256", result.Output);
        Assert.Contains("Peer signature type: RSA", result.Output);
    }

    [Fact]
    public async Task OpenSsl_ServerOrderWins_OverTheClientsOrder()
    {
        // The client prefers AES128-SHA; the policy lists both ECDHE suites before it.
        string[] clientOrder = ["AES128-SHA", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-AES128-GCM-SHA256"];
        var offered = clientOrder.Select(n => CipherSuites.Find(n)!.Code).ToHashSet();
        var expected = EmulatorFixture.Modern.CipherSuites.First(offered.Contains);

        ProcessResult result = null!;
        var record = await fixture.ModernServer.OneRecordAsync(async () =>
            result = await SClient(fixture.ModernServer, "-tls1_2", "-cipher", string.Join(':', clientOrder)));

        Assert.Contains($"Cipher is {CipherSuites.Find(expected)!.OpenSslName}", result.Output);
        Assert.Equal(expected, record.Suite);
    }

    [Theory]
    [InlineData("protocol_version", "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0")]
    [InlineData("handshake_failure", "-tls1_2", "-cipher", "ECDHE-RSA-CHACHA20-POLY1305")]
    [InlineData("handshake_failure", "-tls1_3", "-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256")]
    [InlineData("handshake_failure", "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256")]
    public async Task OpenSsl_OutOfPolicy_IsRefusedAndLogged(string alert, params string[] arguments)
    {
        ProcessResult result = null!;
        var record = await fixture.ModernServer.OneRecordAsync(async () => result = await SClient(fixture.ModernServer, arguments));

        Assert.DoesNotContain("Cipher is ECDHE", result.Output);
        Assert.DoesNotContain("Cipher is TLS_", result.Output);
        Assert.Contains($"alert {alert.Replace('_', ' ')}", result.Output);
        Assert.Equal(ConnectionOutcome.Refused, record.Outcome);
        Assert.Equal(alert, record.Alert);
        Assert.NotNull(record.Reason);
        Assert.NotNull(record.Explanation);
    }

    [Fact]
    public async Task Curl_Insecure_GetsTheHttpResponse()
    {
        ProcessResult result = null!;
        var record = await fixture.ModernServer.OneRecordAsync(async () =>
            result = await ProcessRunner.RunAsync("curl", ["-sk", "--max-time", "10", $"https://{fixture.ModernServer.Address}/"]));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("handshake complete", result.StandardOutput);
        Assert.Contains($"policy: {EmulatorFixture.Modern.Name}", result.StandardOutput);
        Assert.Contains($"protocol: {record.Protocol!.Value.Name}", result.StandardOutput);
        Assert.Equal(ConnectionOutcome.Success, record.Outcome);
    }

    [Fact]
    public async Task Curl_Verifying_RejectsTheSelfSignedCertificate_AndTheLogSaysSo()
    {
        ProcessResult result = null!;
        var record = await fixture.ModernServer.OneRecordAsync(async () =>
            result = await ProcessRunner.RunAsync("curl", ["-s", "--max-time", "10", $"https://{fixture.ModernServer.Address}/"]));

        Assert.Equal(60, result.ExitCode); // CURLE_PEER_FAILED_VERIFICATION
        Assert.Equal(ConnectionOutcome.ClientAlert, record.Outcome);
        Assert.Equal("unknown_ca", record.Alert);
        Assert.StartsWith("client-alert", record.Reason);
    }

    [Fact]
    public async Task HttpClient_Succeeds()
    {
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        string body = null!;
        var record = await fixture.ModernServer.OneRecordAsync(async () => body = await http.GetStringAsync($"https://{fixture.ModernServer.Address}/"));

        Assert.Contains("handshake complete", body);
        Assert.Equal(ConnectionOutcome.Success, record.Outcome);
        Assert.Equal(TlsVersion.Tls13, record.Protocol);
    }

    [Fact]
    public async Task HttpClient_Tls11Only_IsRefused()
    {
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
#pragma warning disable SYSLIB0039 // TLS 1.1 on purpose: a legacy client
                EnabledSslProtocols = SslProtocols.Tls11,
#pragma warning restore SYSLIB0039
            },
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        var record = await fixture.ModernServer.OneRecordAsync(async () =>
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync($"https://{fixture.ModernServer.Address}/")));

        Assert.NotEqual(ConnectionOutcome.Success, record.Outcome);
        Assert.DoesNotContain(TlsVersion.Tls11, EmulatorFixture.Modern.Versions);
    }

    [Fact]
    public async Task GnuTls_Tls10With3Des_CompletesOnTheLegacyPolicy()
    {
        ProcessResult result = null!;
        var record = await fixture.LegacyServer.OneRecordAsync(async () => result = await ProcessRunner.RunAsync("gnutls-cli",
            ["--insecure", "--priority", "NORMAL:-VERS-ALL:+VERS-TLS1.0:-CIPHER-ALL:+3DES-CBC:-KX-ALL:+RSA", "-p", fixture.LegacyServer.Port.ToString(), "127.0.0.1"],
            TimeSpan.FromSeconds(15), standardInput: ""));

        Assert.Contains("(TLS1.0-X.509)-(RSA)-(3DES-CBC)-(SHA1)", result.Output);
        Assert.Equal(ConnectionOutcome.Success, record.Outcome);
        Assert.Equal(TlsVersion.Tls10, record.Protocol);
        Assert.Equal(CipherSuites.Find("DES-CBC3-SHA")!.Code, record.Suite);
    }

    [Fact]
    public async Task OpenSsl_Tls10_CompletesOnTheLegacyPolicy()
    {
        ProcessResult result = null!;
        var record = await fixture.LegacyServer.OneRecordAsync(async () =>
            result = await SClient(fixture.LegacyServer, "-tls1", "-cipher", "DEFAULT@SECLEVEL=0"));

        Assert.Contains("Protocol  : TLSv1", result.Output);
        Assert.Equal(TlsVersion.Tls10, record.Protocol);
        Assert.Equal(EmulatorFixture.Legacy.CipherSuites[0], record.Suite);
    }

    [Fact]
    public async Task EcdsaCertificate_ServesEcdsaSuites_AndRefusesRsaOnes()
    {
        ProcessResult ok = null!;
        var accepted = await fixture.EcdsaServer.OneRecordAsync(async () => ok = await SClient(fixture.EcdsaServer, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"));
        Assert.Contains("Peer signature type: ECDSA", ok.Output);
        Assert.Equal(ConnectionOutcome.Success, accepted.Outcome);

        // ECDHE-RSA is in the policy, but an ECDSA certificate cannot authenticate it (as on ELB with one ECDSA certificate).
        Assert.Contains(CipherSuites.Find("ECDHE-RSA-AES128-GCM-SHA256")!.Code, EmulatorFixture.EcdsaOnly.CipherSuites);
        var refused = await fixture.EcdsaServer.OneRecordAsync(() => SClient(fixture.EcdsaServer, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"));
        Assert.Equal(ConnectionOutcome.Refused, refused.Outcome);
        Assert.Equal("handshake_failure", refused.Alert);
    }
}
