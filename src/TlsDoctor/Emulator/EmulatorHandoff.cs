using System.Net;
using System.Net.Sockets;
using TlsDoctor.Negotiation;

namespace TlsDoctor.Emulator;

/// <summary>
/// `capture --complete`: after the listener has recorded a ClientHello, the connection continues with the emulator
/// (the `serve` engine enforcing one policy) so the client sees a real handshake. The emulator runs on an ephemeral
/// loopback port; each handed-off connection is relayed to it byte for byte, starting with the bytes already read.
/// </summary>
public sealed class EmulatorHandoff : IAsyncDisposable
{
    private readonly TlsEmulator _emulator;

    private EmulatorHandoff(TlsEmulator emulator) => _emulator = emulator;

    public ServerPolicy Policy { get; private init; } = null!;

    /// <summary>Starts the emulator; returns its start error (as text) when it cannot run.</summary>
    public static async Task<(EmulatorHandoff? Handoff, string? Error)> StartAsync(ServerPolicy policy, IReadOnlyList<ServerCertificate> certificates,
        int maxConnections, CancellationToken cancellationToken)
    {
        var started = await TlsEmulator.StartAsync(new EmulatorOptions
        {
            Policy = policy,
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Certificates = certificates,
            MaxConnections = maxConnections,
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (started.Error is { } error) return (null, error.Message);
        return (new EmulatorHandoff(started.Emulator!) { Policy = policy }, null);
    }

    /// <summary>The capture listener's hand-off handler: relays the client to the emulator until either side closes.</summary>
    public async Task RelayAsync(Socket client, ReadOnlyMemory<byte> bytesRead, CancellationToken cancellationToken)
    {
        using (client)
        using (var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true })
        {
            try
            {
                using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    connect.CancelAfter(TimeSpan.FromSeconds(5));
                    await upstream.ConnectAsync(_emulator.LocalEndPoint, connect.Token).ConfigureAwait(false);
                }
                await upstream.SendAsync(bytesRead, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var toServer = PumpAsync(client, upstream, done.Token);
                var toClient = PumpAsync(upstream, client, done.Token);
                await Task.WhenAny(toServer, toClient).ConfigureAwait(false);
                // One side closed: give the other a moment to flush what it still has (the emulator's last records).
                await Task.WhenAny(Task.WhenAll(toServer, toClient), Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None)).ConfigureAwait(false);
                await done.CancelAsync().ConfigureAwait(false);
                await Task.WhenAll(toServer, toClient).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException) { }
        }
    }

    /// <summary>Copies until end of stream, then half-closes the destination. Never throws for network errors.</summary>
    private static async Task PumpAsync(Socket from, Socket to, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var n = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (n == 0) break;
                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException) { }
    }

    public ValueTask DisposeAsync() => _emulator.DisposeAsync();
}
