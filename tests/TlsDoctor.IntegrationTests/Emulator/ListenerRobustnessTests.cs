using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using TlsDoctor.Emulator;
using TlsDoctor.IntegrationTests.Servers;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.IntegrationTests.Emulator;

/// <summary>Bad clients, a port in use, a backend that is down or up, and certificate files: clear outcomes, and the listener keeps serving.</summary>
public sealed class ListenerRobustnessTests
{
    private static readonly ServerPolicy Policy = RunningEmulator.MakePolicy("test-robust", [TlsVersion.Tls12, TlsVersion.Tls13],
        "TLS_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256");

    private static async Task<byte[]> SendRawAsync(int port, byte[] bytes, bool waitForClose = true)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        if (bytes.Length > 0) await stream.WriteAsync(bytes);
        if (!waitForClose) return [];
        var received = new MemoryStream();
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer, cts.Token)) > 0) received.Write(buffer, 0, n);
        }
        catch (IOException) { }
        return received.ToArray();
    }

    private static async Task<bool> TlsWorksAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(client.GetStream(), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" });
        return tls.IsAuthenticated;
    }

    [Fact]
    public async Task BadClients_GetTheirOwnOutcome_AndTheListenerKeepsServing()
    {
        await using var server = await new RunningEmulator { Policy = Policy, HandshakeTimeout = TimeSpan.FromSeconds(1) }.StartAsync();

        var plain = await server.OneRecordAsync(() => SendRawAsync(server.Port, Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n")));
        Assert.Equal(ConnectionOutcome.NotTls, plain.Outcome);

        var closed = await server.OneRecordAsync(() => SendRawAsync(server.Port, [], waitForClose: false));
        Assert.Equal(ConnectionOutcome.ClientClosed, closed.Outcome);

        // A record header announcing a ClientHello that never completes: the handshake deadline ends it.
        var stalled = await server.OneRecordAsync(() => SendRawAsync(server.Port, [0x16, 0x03, 0x01, 0x00, 0x50, 0x01, 0x00]));
        Assert.Equal(ConnectionOutcome.Timeout, stalled.Outcome);
        Assert.True(stalled.HandshakeLatency >= TimeSpan.FromSeconds(0.9));

        // A complete but malformed ClientHello: the engine refuses it with decode_error (RFC 8446 6.2).
        var malformed = await server.OneRecordAsync(() => SendRawAsync(server.Port, [0x16, 0x03, 0x01, 0x00, 0x08, 0x01, 0x00, 0x00, 0x04, 0x03, 0x03, 0x00, 0x00]));
        Assert.Equal(ConnectionOutcome.Refused, malformed.Outcome);
        Assert.Equal("decode_error", malformed.Alert);

        // Many garbage clients at once.
        var random = new Random(7);
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
        {
            var junk = new byte[random.Next(1, 3000)];
            random.NextBytes(junk);
            if (i % 2 == 0) junk[0] = 0x16;
            return SendRawAsync(server.Port, junk);
        }));

        Assert.True(await TlsWorksAsync(server.Port));
        Assert.DoesNotContain(server.Records, r => r.Outcome == ConnectionOutcome.Error);
    }

    [Fact]
    public async Task PortInUse_IsAClearError()
    {
        await using var first = await new RunningEmulator { Policy = Policy }.StartAsync();
        var second = await TlsEmulator.StartAsync(new EmulatorOptions
        {
            Policy = Policy,
            Certificates = [ServerCertificate.Generate(CertificateKind.Rsa)],
            Listen = new IPEndPoint(IPAddress.Loopback, first.Port),
        });
        Assert.Null(second.Emulator);
        Assert.Equal(EmulatorStartErrorKind.ListenFailed, second.Error!.Kind);
        Assert.Contains("already in use", second.Error.Message);
    }

    [Fact]
    public async Task BackendDown_IsAClearError()
    {
        var port = FreePort.Next();
        var result = await TlsEmulator.StartAsync(new EmulatorOptions
        {
            Policy = Policy,
            Certificates = [ServerCertificate.Generate(CertificateKind.Rsa)],
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Backend = new DnsEndPoint("127.0.0.1", port),
        });
        Assert.Null(result.Emulator);
        Assert.Equal(EmulatorStartErrorKind.BackendUnreachable, result.Error!.Kind);
        Assert.Contains("refused", result.Error.Message);
    }

    [Fact]
    public async Task Backend_ReceivesTheDecryptedBytes_AndItsAnswerReachesTheClient()
    {
        // A raw TCP echo backend that upper-cases what it receives.
        using var backend = new TcpListener(IPAddress.Loopback, 0);
        backend.Start();
        var backendPort = ((IPEndPoint)backend.LocalEndpoint).Port;
        var echo = Task.Run(async () =>
        {
            while (true)
            {
                using var c = await backend.AcceptTcpClientAsync();
                var s = c.GetStream();
                var buffer = new byte[1024];
                int n;
                while ((n = await s.ReadAsync(buffer)) > 0)
                    await s.WriteAsync(Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(buffer, 0, n).ToUpperInvariant()));
            }
        });

        await using var server = await new RunningEmulator { Policy = Policy, Backend = new DnsEndPoint("127.0.0.1", backendPort) }.StartAsync();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, server.Port);
        await using var tls = new SslStream(client.GetStream(), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" });
        await tls.WriteAsync(Encoding.ASCII.GetBytes("hello backend"));
        var answer = new byte[64];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = 0;
        while (read < 13) read += await tls.ReadAsync(answer.AsMemory(read), cts.Token);
        Assert.Equal("HELLO BACKEND", Encoding.ASCII.GetString(answer, 0, read));
        Assert.Contains(server.Records, r => r.Outcome == ConnectionOutcome.Success);
    }

    [Fact]
    public async Task PemCertificate_IsServed()
    {
        var files = TestCertificates.Rsa;
        var loaded = ServerCertificate.TryLoadPem(files.CertificatePath, files.KeyPath, out var problem);
        Assert.Null(problem);
        await using var server = await new RunningEmulator { Policy = Policy, Certificates = [loaded!] }.StartAsync();

        var result = await ProcessRunner.RunAsync("openssl", ["s_client", "-connect", server.Address, "-tls1_2"], TimeSpan.FromSeconds(15), standardInput: "");
        Assert.Contains("TlsDoctor tests (Rsa)", result.Output);
    }

    [Fact]
    public void UnreadableOrMismatchedKey_IsAClearError()
    {
        Assert.Null(ServerCertificate.TryLoadPem(TestCertificates.Rsa.CertificatePath, "/nonexistent/key.pem", out var missing));
        Assert.Contains("/nonexistent/key.pem", missing);

        Assert.Null(ServerCertificate.TryLoadPem(TestCertificates.Rsa.CertificatePath, TestCertificates.Ecdsa.KeyPath, out var mismatched));
        Assert.Contains("not of the certificate's key type", mismatched);

        var garbage = Path.Combine(TestCertificates.TempFolder, "garbage.pem");
        File.WriteAllText(garbage, "not a key");
        Assert.Null(ServerCertificate.TryLoadPem(TestCertificates.Rsa.CertificatePath, garbage, out var empty));
        Assert.Contains("no PEM private key", empty);
    }
}
