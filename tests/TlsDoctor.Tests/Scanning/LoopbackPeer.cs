using System.Net;
using System.Net.Sockets;

namespace TlsDoctor.Tests.Scanning;

/// <summary>
/// A scripted server on 127.0.0.1 (ephemeral port): for every connection it waits for the client's first bytes (the
/// hello), runs <c>answer</c> (none: stays silent), then reads until the client closes. Counts the requests received
/// and the connections open at once, on this peer and, through a shared <see cref="ConnectionTally"/>, over several peers.
/// </summary>
public sealed class LoopbackPeer : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<Socket, CancellationToken, Task>? _answer;
    private readonly ConnectionTally? _shared;
    private int _requests;

    public LoopbackPeer(Func<Socket, CancellationToken, Task>? answer = null, ConnectionTally? shared = null)
    {
        _answer = answer;
        _shared = shared;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(512);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _ = AcceptLoopAsync();
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>Connections open at once on this peer.</summary>
    public ConnectionTally Open { get; } = new();

    /// <summary>Connections on which the client sent something.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Waits (in real time, briefly) until <paramref name="count"/> requests have arrived.</summary>
    public async Task WaitForRequestsAsync(int count)
    {
        var limit = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (Requests < count)
        {
            if (DateTime.UtcNow > limit) throw new TimeoutException($"{Requests} requests arrived, expected {count}");
            await Task.Delay(2);
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await _listener.AcceptAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            Open.Add(socket);
            _shared?.Add(socket);
            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            if (n > 0)
            {
                Interlocked.Increment(ref _requests);
                if (_answer is not null) await _answer(socket, _stop.Token);
                while (await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token) > 0) { }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
        finally
        {
            Open.Remove(socket);
            _shared?.Remove(socket);
            socket.Dispose();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
    }
}
