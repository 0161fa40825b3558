using TlsDoctor.Negotiation;

namespace TlsDoctor.IntegrationTests.Servers;

/// <summary>The launchers start servers that a real client (openssl s_client) completes a handshake with.</summary>
public class ServerLauncherTests
{
    private static async Task<string> HandshakeAsync(int port, params string[] extra)
    {
        var args = new List<string> { "s_client", "-connect", $"127.0.0.1:{port}", "-servername", "localhost" };
        args.AddRange(extra);
        var result = await ProcessRunner.RunAsync("openssl", args, TimeSpan.FromSeconds(10), standardInput: "");
        return result.Output;
    }

    [Fact]
    public void Readiness_is_this_process_listening_not_any_answer_on_the_port()
    {
        var port = FreePort.Next();
        Assert.False(FreePort.Listens(Environment.ProcessId, port));
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
        listener.Start();
        try
        {
            Assert.True(FreePort.Listens(Environment.ProcessId, port));
            // Another live process answers no: the port answering is not that process listening.
            using var other = System.Diagnostics.Process.Start(ToolCheck.Require("sleep"), "30");
            try { Assert.False(FreePort.Listens(other.Id, port)); }
            finally { other.Kill(); }
        }
        finally { listener.Stop(); }
        Assert.False(FreePort.Listens(Environment.ProcessId, port));
    }

    [Fact]
    public async Task Openssl_s_server_serves_the_configured_suite()
    {
        await using var server = await OpenSslServer.StartAsync(CertificateKind.Rsa, "-tls1_2", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384");
        var output = await HandshakeAsync(server.Port);
        Assert.Contains("ECDHE-RSA-AES256-GCM-SHA384", output);
        Assert.Contains("TLSv1.2", output);
    }

    [Fact]
    public async Task Haproxy_serves_both_certificates_behind_one_listener()
    {
        await using var server = await HaproxyServer.StartAsync([TestCertificates.Rsa, TestCertificates.Ecdsa], "ssl-max-ver TLSv1.2");
        Assert.Contains("ECDHE-ECDSA-", await HandshakeAsync(server.Port, "-cipher", "aECDSA"));
        Assert.Contains("ECDHE-RSA-", await HandshakeAsync(server.Port, "-cipher", "aRSA"));
    }

    [Fact]
    public async Task Nginx_serves_the_configured_protocols()
    {
        await using var server = await NginxServer.StartAsync([TestCertificates.Ecdsa], "ssl_protocols TLSv1.3;");
        var output = await HandshakeAsync(server.Port);
        Assert.Contains("TLSv1.3", output);
        var refused = await HandshakeAsync(server.Port, "-tls1_2");
        Assert.DoesNotContain("Cipher is ECDHE", refused);
    }
}
