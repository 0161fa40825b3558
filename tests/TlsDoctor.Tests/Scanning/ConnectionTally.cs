using System.Net.Sockets;

namespace TlsDoctor.Tests.Scanning;

/// <summary>
/// Server-side sockets open at once, and the most seen. A client that closes a connection and then opens another can be
/// accepted again before the server's reader sees the first one end; so every new connection first drops the sockets
/// whose client already closed (readable with nothing to read: FIN or RST received), and the count is the client's view.
/// </summary>
public sealed class ConnectionTally
{
    private readonly Lock _lock = new();
    private readonly HashSet<Socket> _open = [];
    private int _max;

    public int Max { get { lock (_lock) return _max; } }
    public int Current { get { lock (_lock) return _open.Count; } }

    public void Add(Socket socket)
    {
        lock (_lock)
        {
            _open.RemoveWhere(ClosedByClient);
            _open.Add(socket);
            _max = Math.Max(_max, _open.Count);
        }
    }

    public void Remove(Socket socket)
    {
        lock (_lock) _open.Remove(socket);
    }

    private static bool ClosedByClient(Socket s)
    {
        try { return s.Available == 0 && s.Poll(0, SelectMode.SelectRead) && s.Available == 0; }
        catch (Exception e) when (e is ObjectDisposedException or SocketException) { return true; }
    }
}
