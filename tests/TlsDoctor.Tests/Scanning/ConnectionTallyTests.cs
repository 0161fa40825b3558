using System.Net;
using System.Net.Sockets;

namespace TlsDoctor.Tests.Scanning;

/// <summary>
/// The tally the connection-limit tests count with, on real loopback connections: a connection counts from the server's
/// accept until the client closes its end, even while the server has not been told of the close yet.
/// </summary>
public sealed class ConnectionTallyTests : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public ConnectionTallyTests()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        // The server's receive buffer is small, so a client can fill it (see ConnectAndFillTheServer).
        _listener.ReceiveBufferSize = 4096;
        _listener.Listen(16);
    }

    public void Dispose() => _listener.Dispose();

    private (Socket Client, Socket Server) Connect()
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(_listener.LocalEndPoint!);
        return (client, _listener.Accept());
    }

    /// <summary>
    /// A connection whose client has sent more than the server has room for (the server does not read): when the client
    /// closes it, its FIN waits behind that data and the server hears of no close, as when a FIN waits in a CPU's backlog on
    /// a busy machine.
    /// </summary>
    private (Socket Client, Socket Server) ConnectAndFillTheServer()
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { SendBufferSize = 4096 };
        client.Connect(_listener.LocalEndPoint!);
        var server = _listener.Accept();
        client.Blocking = false;
        var chunk = new byte[4096];
        while (client.Send(chunk, 0, chunk.Length, SocketFlags.None, out var error) > 0 || error == SocketError.Success) { }
        return (client, server);
    }

    private static (LocalTcpState.Kind, int) ClientEnd(Socket server) =>
        LocalTcpState.Lookup((IPEndPoint)server.RemoteEndPoint!, (IPEndPoint)server.LocalEndPoint!);

    [Fact]
    public void The_client_end_of_a_connection_is_found_open_then_closed_or_gone()
    {
        var (client, server) = Connect();
        using (server)
        {
            Assert.Equal((LocalTcpState.Kind.Found, 1), ClientEnd(server));   // ESTABLISHED
            client.Dispose();
            // FIN_WAIT1, FIN_WAIT2 or TIME_WAIT, depending on how far the server's kernel got.
            Assert.Contains(ClientEnd(server), new[] { (LocalTcpState.Kind.Found, 4), (LocalTcpState.Kind.Found, 5), (LocalTcpState.Kind.Found, 6) });
        }

        // A client that closes with bytes unread resets the connection and its socket is freed at once.
        (client, server) = Connect();
        using (server)
        {
            server.Send(new byte[100]);
            // The bytes are in the client's receive queue once it can read them.
            Assert.True(client.Poll(10_000_000, SelectMode.SelectRead));
            client.Dispose();
            Assert.Equal(LocalTcpState.Kind.Absent, ClientEnd(server).Item1);
        }
    }

    [Fact]
    public void A_connection_the_client_closed_is_not_counted_while_the_server_still_sees_it_open()
    {
        var tally = new ConnectionTally();
        var (firstClient, first) = ConnectAndFillTheServer();
        Socket? second = null, secondServer = null;
        try
        {
            tally.Add(first);
            firstClient.Dispose();
            // The client's end closed; the server's end has heard of nothing (still ESTABLISHED).
            Assert.Equal((LocalTcpState.Kind.Found, 1), LocalTcpState.Lookup((IPEndPoint)first.LocalEndPoint!, (IPEndPoint)first.RemoteEndPoint!));
            Assert.Equal((LocalTcpState.Kind.Found, 4), ClientEnd(first));   // FIN_WAIT1
            (second, secondServer) = Connect();
            tally.Add(secondServer);
            Assert.Equal(1, tally.Max);
            Assert.Equal(1, tally.ClosedClientSideOnly);
        }
        finally
        {
            first.Dispose();
            second?.Dispose();
            secondServer?.Dispose();
        }
    }

    [Fact]
    public void Connections_open_on_both_ends_all_count()
    {
        var tally = new ConnectionTally();
        var pairs = Enumerable.Range(0, 3).Select(_ => Connect()).ToList();
        try
        {
            foreach (var pair in pairs) tally.Add(pair.Server);
            Assert.Equal(3, tally.Max);
            Assert.Equal(0, tally.ClosedClientSideOnly);
            // The first client closes: a new connection replaces it in the count, it does not add to it.
            pairs[0].Client.Dispose();
            var (client, server) = Connect();
            pairs.Add((client, server));
            tally.Add(server);
            Assert.Equal(3, tally.Max);
        }
        finally
        {
            foreach (var (client, server) in pairs) { client.Dispose(); server.Dispose(); }
        }
    }
}
