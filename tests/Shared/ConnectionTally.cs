using System.Net;
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
            var clientSide = ClientSideStates();
            _open.RemoveWhere(s => ClosedByClient(s, clientSide));
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

    /// <summary>
    /// The TCP state of every IPv4 socket in this network namespace by (local, remote) address, from /proc/net/tcp; empty
    /// elsewhere. A client's own socket changes state inside its close() (to FIN_WAIT1), whereas the server side learns
    /// of it only when the kernel has processed the FIN, which under load can come after the SYN of the client's next
    /// connection: the client's side is what the client holds.
    /// </summary>
    private static Dictionary<(string Local, string Remote), byte> ClientSideStates()
    {
        var states = new Dictionary<(string, string), byte>();
        try
        {
            foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 3) states[(fields[1], fields[2])] = Convert.ToByte(fields[3], 16);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { states.Clear(); }
        return states;
    }

    /// <summary>An IPv4 endpoint as /proc/net/tcp writes it: the address as a little-endian hex word, the port in hex.</summary>
    private static string ProcAddress(EndPoint? endpoint) => endpoint is IPEndPoint { AddressFamily: AddressFamily.InterNetwork } ip
        ? $"{BitConverter.ToUInt32(ip.Address.GetAddressBytes()):X8}:{ip.Port:X4}"
        : "";

    /// <summary>
    /// Client-side states (include/net/tcp_states.h) after the client closed: FIN_WAIT1, FIN_WAIT2, TIME_WAIT, CLOSE,
    /// LAST_ACK, CLOSING. CLOSE_WAIT (the server closed, the client not yet) still counts as open.
    /// </summary>
    private static bool ClientClosed(byte state) => state is 4 or 5 or 6 or 7 or 9 or 11;

    private static bool ClosedByClient(Socket s, Dictionary<(string Local, string Remote), byte> clientSide)
    {
        try
        {
            // The client's own socket, seen from its side (it is on this machine: every test connects over loopback).
            if (clientSide.TryGetValue((ProcAddress(s.RemoteEndPoint), ProcAddress(s.LocalEndPoint)), out var state) && ClientClosed(state))
                return true;
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
