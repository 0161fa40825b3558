using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using System.Text.RegularExpressions;
using TlsDoctor.Emulator;
using TlsDoctor.IntegrationTests.Servers;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using TlsDoctor.Wire;
using HandshakeType = TlsDoctor.Wire.HandshakeType;

namespace TlsDoctor.IntegrationTests.Emulator;

/// <summary>
/// Clients that reset their connection (openssl s_time, which resets every connection after its handshake; a client
/// that aborts with SO_LINGER 0 during or after the handshake) and clients that fall silent: each connection is logged
/// as before, a reset costs the server no exception (a reset is ordinary traffic, and each exception cost a stack
/// walk), and the deadlines still end a stalled handshake and an idle connection, with close_notify.
/// </summary>
public sealed class ResetConnectionTests
{
    private static readonly ServerPolicy Policy = RunningEmulator.MakePolicy("test-reset", [TlsVersion.Tls12, TlsVersion.Tls13],
        "TLS_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256");

    // Set for the emulator's own tasks only: its accept loop (and every connection it serves) inherits the execution
    // context of the call that started it, so exceptions thrown by other tests running at the same time are not counted.
    private static readonly AsyncLocal<bool> InEmulator = new();

    private static async Task<RunningEmulator> StartMarkedAsync(RunningEmulator emulator)
    {
        InEmulator.Value = true;
        return await emulator.StartAsync();
    }

    /// <summary>Runs <paramref name="clients"/> and waits until the server closed every connection; returns the exceptions the server's tasks threw meanwhile.</summary>
    private static async Task<IReadOnlyList<string>> ExceptionsWhileAsync(RunningEmulator server, Func<Task> clients)
    {
        var thrown = new ConcurrentQueue<string>();
        void Count(object? sender, FirstChanceExceptionEventArgs e)
        {
            if (InEmulator.Value) thrown.Enqueue($"{e.Exception.GetType().Name}: {e.Exception.Message}");
        }
        AppDomain.CurrentDomain.FirstChanceException += Count;
        try
        {
            await clients();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (server.Emulator.OpenConnections > 0 && DateTime.UtcNow < deadline) await Task.Delay(20);
            Assert.Equal(0, server.Emulator.OpenConnections);
        }
        finally { AppDomain.CurrentDomain.FirstChanceException -= Count; }
        return thrown.ToArray();
    }

    [Theory]
    [InlineData("-tls1_2")]
    [InlineData("-tls1_3")]
    public async Task OpenSslSTime_EveryResetConnection_IsLoggedAsSuccess_WithoutAnException(string version)
    {
        await using var server = await StartMarkedAsync(new RunningEmulator { Policy = Policy });
        var connections = 0;
        var thrown = await ExceptionsWhileAsync(server, async () =>
        {
            var result = await ProcessRunner.RunAsync("openssl", ["s_time", "-connect", server.Address, "-new", "-time", "1", version], TimeSpan.FromSeconds(120));
            var match = Regex.Match(result.Output, @"(\d+) connections in [\d.]+ real seconds");
            Assert.True(match.Success, result.Output);
            connections = int.Parse(match.Groups[1].Value);
        });

        Assert.True(connections > 0);
        Assert.Equal(connections, server.Records.Count);
        Assert.All(server.Records, r => Assert.Equal(ConnectionOutcome.Success, r.Outcome));
        Assert.Empty(thrown);
    }

    [Fact]
    public async Task ResetAfterTheHandshake_IsLoggedAsSuccess_WithoutAnException()
    {
        await using var server = await StartMarkedAsync(new RunningEmulator { Policy = Policy });
        var thrown = await ExceptionsWhileAsync(server, async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                using var socket = await ConnectAsync(server.Port);
                await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false), false, (_, _, _, _) => true);
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" });
                Reset(socket);
            }
        });

        Assert.Equal(3, server.Records.Count);
        Assert.All(server.Records, r => Assert.Equal(ConnectionOutcome.Success, r.Outcome));
        Assert.Empty(thrown);
    }

    [Fact]
    public async Task ResetDuringTheHandshake_IsLoggedAsClientClosed_WithoutAnException()
    {
        await using var server = await StartMarkedAsync(new RunningEmulator { Policy = Policy });
        var thrown = await ExceptionsWhileAsync(server, async () =>
        {
            using var socket = await ConnectAsync(server.Port);
            await SendHelloAndReadUntilServerHelloDoneAsync(socket);
            Reset(socket);
        });

        var record = Assert.Single(server.Records);
        Assert.Equal(ConnectionOutcome.ClientClosed, record.Outcome);
        Assert.Equal("client-closed", record.Reason);
        Assert.Empty(thrown);
    }

    [Fact]
    public async Task SilentAfterTheServersFlight_TheHandshakeDeadlineEndsIt()
    {
        await using var server = await new RunningEmulator { Policy = Policy, HandshakeTimeout = TimeSpan.FromSeconds(1) }.StartAsync();
        using var socket = await ConnectAsync(server.Port);
        var record = await server.OneRecordAsync(() => SendHelloAndReadUntilServerHelloDoneAsync(socket));

        Assert.Equal(ConnectionOutcome.Timeout, record.Outcome);
        Assert.True(record.HandshakeLatency >= TimeSpan.FromSeconds(0.9));
        // The server closed the connection: the client reads its end (no data, as the deadline sends no alert).
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Assert.Equal(0, await ReadToEndAsync(socket, safety.Token));
    }

    [Fact]
    public async Task IdleAfterTheHandshake_TheServerSendsCloseNotifyAndCloses()
    {
        await using var server = await new RunningEmulator { Policy = Policy, IdleTimeout = TimeSpan.FromSeconds(1) }.StartAsync();
        // -ign_eof: s_client keeps reading after its (empty) input ends, until the server closes.
        var result = await ProcessRunner.RunAsync("openssl", ["s_client", "-connect", server.Address, "-tls1_2", "-ign_eof", "-msg"],
            TimeSpan.FromSeconds(120), standardInput: "");

        Assert.False(result.TimedOut, result.Output);
        Assert.Matches(@"<<< TLS 1\.2, Alert \[length 0002\], warning close_notify", result.Output);
        Assert.Equal(ConnectionOutcome.Success, Assert.Single(server.Records).Outcome);
    }

    private static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        return socket;
    }

    // SO_LINGER with a zero timeout: close sends a TCP reset instead of a FIN.
    private static void Reset(Socket socket)
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }

    private static async Task SendHelloAndReadUntilServerHelloDoneAsync(Socket socket)
    {
        var hello = new ClientHelloBuilder
        {
            Versions = [TlsVersion.Tls12],
            CipherSuites = [CipherSuites.Find("ECDHE-RSA-AES128-GCM-SHA256")!.Code],
            SignatureAlgorithms = ClientHelloBuilder.DefaultSignatureAlgorithms.ToList(),
        }.Build();
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await socket.SendAsync(hello.ToRecord(), SocketFlags.None, safety.Token);
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (RecordLayerReader.Read(received.ToArray()).FindHandshake(HandshakeType.ServerHelloDone) is null)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, safety.Token);
            Assert.True(n > 0, "the server closed before its ServerHelloDone");
            received.Write(buffer, 0, n);
        }
    }

    private static async Task<int> ReadToEndAsync(Socket socket, CancellationToken cancellationToken)
    {
        var total = 0;
        var buffer = new byte[4096];
        int n;
        while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0) total += n;
        return total;
    }
}
