using System.Net.Sockets;

namespace TlsDoctor.Testing;

/// <summary>
/// Server-side sockets open at once, and the most seen. A client that closes a connection and then opens another can be
/// accepted again before the server's reader sees the first one end; so every new connection first drops the sockets
/// whose client already closed, and the count is the client's view. "Closed by the client" is the kernel's TCP state of
/// the server's socket (CLOSE_WAIT or TIME_WAIT after the client's FIN, whoever closed first; CLOSE after its RST), which
/// holds even while bytes the client sent before closing are still unread.
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

    public override string ToString() => $"Tally {{ Max = {Max} }}";

    /// <summary>
    /// Linux TCP states (include/net/tcp_states.h) in which the peer has not closed: ESTABLISHED, SYN_SENT, SYN_RECV, and
    /// FIN_WAIT1/FIN_WAIT2 (this side closed first). Every other state (CLOSE_WAIT, LAST_ACK, TIME_WAIT, CLOSING, CLOSE)
    /// comes after the peer's FIN or RST.
    /// </summary>
    private static bool PeerStillOpen(byte state) => state is >= 1 and <= 5;

    private static bool ClosedByClient(Socket s)
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                // struct tcp_info starts with tcpi_state (getsockopt IPPROTO_TCP, TCP_INFO = 11).
                Span<byte> info = stackalloc byte[104];
                if (s.GetRawSocketOption(6, 11, info) > 0) return !PeerStillOpen(info[0]);
            }
            return s.Available == 0 && s.Poll(0, SelectMode.SelectRead) && s.Available == 0;
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException) { return true; }
    }
}
