using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using TlsDoctor.IntegrationTests.Servers;
using TlsDoctor.Wire;

namespace TlsDoctor.IntegrationTests.Scanning;

/// <summary>
/// A TCP forwarder on 127.0.0.1 (below the ephemeral port range) in front of a real server, counting the client connections it holds at
/// once. Several forwarders can share one <see cref="ConnectionTally"/> for a count over all of them. A client that closes one
/// connection and opens another may be accepted again before the pump (or even the kernel, on the server's side) sees the
/// first end; the tally drops the connections whose client end is closed: the count is the client's view.
/// </summary>
public sealed class CountingForwarder : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();
    private readonly IPEndPoint _upstream;
    private readonly ConnectionTally? _shared;

    public CountingForwarder(IPEndPoint upstream, ConnectionTally? shared = null)
    {
        _upstream = upstream;
        _shared = shared;
        // Below the ephemeral range (FreePort): a port another test took from that range, closed and scans expecting a
        // refusal can never be this forwarder's, whose count it would add to.
        // Another program may bind a port between FreePort's check and this bind: take the next one then.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _listener.Bind(new IPEndPoint(IPAddress.Loopback, FreePort.Next()));
                break;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < 20) { }
        }
        _listener.Listen(512);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _ = AcceptLoopAsync();
    }

    public int Port { get; }

    /// <summary>Connections open at once through this forwarder.</summary>
    public ConnectionTally Open { get; } = new();

    /// <summary>
    /// The ClientHello each connection carried, in arrival order, recorded before it is passed on (so before the server can
    /// answer it); connections opened and closed without a hello add nothing.
    /// </summary>
    public IReadOnlyList<ClientHello> Hellos => _hellos.ToArray();
    private readonly ConcurrentQueue<ClientHello> _hellos = new();

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener.AcceptAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            Open.Add(client);
            _shared?.Add(client);
            _ = Task.Run(() => ForwardAsync(client));
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await server.ConnectAsync(_upstream, _stop.Token);
            var up = PumpAsync(client, server, recordHello: true);
            var down = PumpAsync(server, client);
            // The client's end decides: its connection is open until it closes it (or resets it).
            await up;
            await Task.WhenAny(down, Task.Delay(1000, _stop.Token));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
        finally
        {
            Open.Remove(client);
            _shared?.Remove(client);
            client.Dispose();
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool recordHello = false)
    {
        var buffer = new byte[16 * 1024];
        var first = recordHello ? new MemoryStream() : null;
        try
        {
            int n;
            while ((n = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token)) > 0)
            {
                if (first is not null)
                {
                    first.Write(buffer, 0, n);
                    if (RecordLayerReader.Read(first.ToArray()).FindHandshake(HandshakeType.ClientHello) is { } message)
                    {
                        if (ClientHello.Decode(message.Bytes).Value is { } hello) _hellos.Enqueue(hello);
                        first = null;
                    }
                    else if (first.Length > 64 * 1024) first = null;
                }
                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, _stop.Token);
            }
            // One side closed: pass the FIN on.
            to.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            try { to.Shutdown(SocketShutdown.Send); } catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException) { }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
    }
}
