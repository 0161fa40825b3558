using System.Net;
using System.Net.Sockets;

namespace TlsDoctor.IntegrationTests.Servers;

/// <summary>How a <see cref="HostileServer"/> misbehaves.</summary>
public enum HostileMode
{
    /// <summary>Passes the first N connections to a real server, then accepts and holds every later one without a byte.</summary>
    SilentAfter,
    /// <summary>Answers every ClientHello with a TLS 1.2 ServerHello selecting a fixed suite, offered or not.</summary>
    SelectsSuite,
    /// <summary>Listens with a full backlog and never accepts: connection attempts get no SYN-ACK.</summary>
    NeverAccepts,
}

/// <summary>
/// A TCP server on 127.0.0.1 (below the ephemeral port range) that attacks a scanner: it stops answering partway, selects a
/// suite the client did not offer (or a TLS 1.3 suite in a TLS 1.2 ServerHello), or never accepts a connection.
/// </summary>
public sealed class HostileServer : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _held = [];
    private readonly HostileMode _mode;
    private readonly IPEndPoint? _upstream;
    private readonly int _passed;
    private readonly ushort _suite;
    private int _accepted;

    private HostileServer(HostileMode mode, IPEndPoint? upstream, int passed, ushort suite)
    {
        (_mode, _upstream, _passed, _suite) = (mode, upstream, passed, suite);
        Port = FreePort.Next();
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, Port));
        if (mode == HostileMode.NeverAccepts)
        {
            _listener.Listen(1);
            // Linux queues backlog + 1 connections, then drops further SYNs (include/net/sock.h, sk_acceptq_is_full).
            for (var i = 0; i < 2; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                _held.Add(filler);
                filler.Connect(new IPEndPoint(IPAddress.Loopback, Port));
            }
            return;
        }
        _listener.Listen(512);
        _ = AcceptLoopAsync();
    }

    public static HostileServer SilentAfter(int passed, int upstreamPort) =>
        new(HostileMode.SilentAfter, new IPEndPoint(IPAddress.Loopback, upstreamPort), passed, 0);

    public static HostileServer SelectingSuite(ushort suite) => new(HostileMode.SelectsSuite, null, 0, suite);

    public static HostileServer NeverAccepting() => new(HostileMode.NeverAccepts, null, 0, 0);

    public int Port { get; }
    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener.AcceptAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            var n = Interlocked.Increment(ref _accepted);
            _ = Task.Run(() => _mode switch
            {
                HostileMode.SilentAfter when n <= _passed => ForwardAsync(client),
                HostileMode.SilentAfter => HoldAsync(client),
                _ => SelectAsync(client),
            });
        }
    }

    /// <summary>Holds the connection open without a byte until the client closes it.</summary>
    private async Task HoldAsync(Socket client)
    {
        using (client)
        {
            var buffer = new byte[4096];
            try { while (await client.ReceiveAsync(buffer, SocketFlags.None, _stop.Token) > 0) { } }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
        }
    }

    /// <summary>Reads the ClientHello record, answers with a ServerHello selecting the fixed suite and a ServerHelloDone.</summary>
    private async Task SelectAsync(Socket client)
    {
        using (client)
        {
            try
            {
                var header = new byte[5];
                if (!await ReadExactlyAsync(client, header)) return;
                if (!await ReadExactlyAsync(client, new byte[(header[3] << 8) | header[4]])) return;
                // ServerHello (RFC 5246 section 7.4.1.3): version 3,3, random, empty session id, the suite, null compression,
                // no extensions; then ServerHelloDone.
                var body = new List<byte> { 0x03, 0x03 };
                body.AddRange(RandomBytes(32));
                body.Add(0);
                body.Add((byte)(_suite >> 8));
                body.Add((byte)_suite);
                body.Add(0);
                var handshake = new List<byte> { 0x02, 0, 0, (byte)body.Count };
                handshake.AddRange(body);
                handshake.AddRange(new byte[] { 0x0E, 0, 0, 0 });
                var record = new List<byte> { 0x16, 0x03, 0x03, (byte)(handshake.Count >> 8), (byte)handshake.Count };
                record.AddRange(handshake);
                await client.SendAsync(record.ToArray(), SocketFlags.None, _stop.Token);
                var buffer = new byte[4096];
                while (await client.ReceiveAsync(buffer, SocketFlags.None, _stop.Token) > 0) { }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
        }
    }

    private static byte[] RandomBytes(int n)
    {
        var bytes = new byte[n];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private async Task<bool> ReadExactlyAsync(Socket socket, byte[] buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, _stop.Token);
            if (n == 0) return false;
            read += n;
        }
        return true;
    }

    private async Task ForwardAsync(Socket client)
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using (client)
        {
            try
            {
                await server.ConnectAsync(_upstream!, _stop.Token);
                var up = PumpAsync(client, server);
                var down = PumpAsync(server, client);
                await Task.WhenAll(up, down);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int n;
            while ((n = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token)) > 0)
                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, _stop.Token);
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        foreach (var s in _held) s.Dispose();
    }
}
