using System.Net;
using System.Net.Sockets;

namespace TlsDoctor.Testing;

/// <summary>
/// Connections open at once as the client holds them, counted on the server's sockets, and the most seen. A connection
/// counts from the server's accept until the client closes its end.
/// <para>
/// The server learns of a client's close only when the kernel has processed the client's FIN (or RST). On a busy machine
/// that can come after the SYN of the client's next connection (the two packets wait in different CPUs' backlogs), so a
/// connection the client closed before opening the next one can still look open from the server's side. So each new
/// connection first drops the sockets whose peer closed as the server sees it (the kernel's TCP state of the server's
/// socket: CLOSE_WAIT or TIME_WAIT after the client's FIN, whoever closed first; CLOSE after its RST), which holds even
/// while bytes the client sent before closing are still unread. And before a count above the most seen so far is
/// recorded, the client's own end of each other connection is looked up (every test client runs on this machine, over
/// loopback): the client's socket leaves ESTABLISHED inside its close(), whatever the kernel has processed since, and a
/// close that resets the connection frees it at once. Only a connection whose client end is verifiably closed is
/// dropped this way; when the lookup cannot be made (not Linux), the server's view stands.
/// </para>
/// </summary>
public sealed class ConnectionTally
{
    private readonly Lock _lock = new();
    private readonly HashSet<Socket> _open = [];
    private int _max;

    public int Max { get { lock (_lock) return _max; } }
    public int Current { get { lock (_lock) return _open.Count; } }

    /// <summary>Connections dropped from the count because their client end was closed while the server's end was not yet told.</summary>
    public int ClosedClientSideOnly { get { lock (_lock) return _closedClientSideOnly; } }
    private int _closedClientSideOnly;

    /// <summary>
    /// The most the server's side alone showed open at an accept, before the client ends were looked up (a lower bound of
    /// what a count from the server's side only would report): above <see cref="Max"/> when closes reached the server late.
    /// </summary>
    public int MaxServerSide { get { lock (_lock) return _maxServerSide; } }
    private int _maxServerSide;

    public void Add(Socket socket)
    {
        lock (_lock)
        {
            _open.RemoveWhere(ClosedByClient);
            _open.Add(socket);
            _maxServerSide = Math.Max(_maxServerSide, _open.Count);
            // The lookup is made only here, so that accepting stays as quick as the server's own work: an accept loop slowed
            // down would itself hold fewer connections at once than the client opened.
            // The new connection's own client end must be found (in any state) for an absent one to mean closed: then the
            // lookup works for these addresses.
            if (_open.Count > _max && ClientEnd(socket).Kind == LocalTcpState.Kind.Found)
                _closedClientSideOnly += _open.RemoveWhere(ClientEndClosed);
            _max = Math.Max(_max, _open.Count);
        }
    }

    public void Remove(Socket socket)
    {
        lock (_lock) _open.Remove(socket);
    }

    public override string ToString() => $"Tally {{ Max = {Max}, from the server's side only {MaxServerSide}, closed on the client's side only {ClosedClientSideOnly} }}";

    /// <summary>
    /// Linux TCP states (include/net/tcp_states.h) in which the peer has not closed: ESTABLISHED, SYN_SENT, SYN_RECV, and
    /// FIN_WAIT1/FIN_WAIT2 (this side closed first). Every other state (CLOSE_WAIT, LAST_ACK, TIME_WAIT, CLOSING, CLOSE)
    /// comes after the peer's FIN or RST.
    /// </summary>
    private static bool PeerStillOpen(int state) => state is >= 1 and <= 5;

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

    /// <summary>The client's end of a server socket, looked up by its addresses (the server's, reversed).</summary>
    private static (LocalTcpState.Kind Kind, int State) ClientEnd(Socket server)
    {
        try
        {
            return server.RemoteEndPoint is IPEndPoint client && server.LocalEndPoint is IPEndPoint local
                ? LocalTcpState.Lookup(client, local)
                : (LocalTcpState.Kind.Unknown, 0);
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException) { return (LocalTcpState.Kind.Unknown, 0); }
    }

    /// <summary>
    /// Client-side states after the client's close() (include/net/tcp_states.h): FIN_WAIT1, FIN_WAIT2, TIME_WAIT, CLOSE,
    /// LAST_ACK (it closed after the server), CLOSING. ESTABLISHED, SYN_SENT and CLOSE_WAIT (the server closed, the
    /// client not yet) are open.
    /// </summary>
    private static bool ClientClosed(int state) => state is 4 or 5 or 6 or 7 or 9 or 11;

    private static bool ClientEndClosed(Socket server) => ClientEnd(server) switch
    {
        (LocalTcpState.Kind.Found, var state) => ClientClosed(state),
        (LocalTcpState.Kind.Absent, _) => true,
        _ => false,
    };
}
