using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

// A TCP proxy on loopback that emulates a link with a round-trip time (the kernel here has no netem):
// connection set-up costs one round trip (the client's first bytes are held until then), and every chunk
// is delayed by half the round trip in each direction, without serializing chunks behind each other.
// Usage: LatencyProxy LISTEN_PORT TARGET_PORT RTT_MS   (both ports on 127.0.0.1)
// Prints "listening" when ready; on SIGTERM prints the number of connections accepted.

if (args.Length != 3 || !int.TryParse(args[0], out var listenPort) || !int.TryParse(args[1], out var targetPort) || !int.TryParse(args[2], out var rttMs))
{
    Console.Error.WriteLine("usage: LatencyProxy LISTEN_PORT TARGET_PORT RTT_MS");
    return 2;
}
var rtt = TimeSpan.FromMilliseconds(rttMs);
var half = rtt / 2;
var target = new IPEndPoint(IPAddress.Loopback, targetPort);
var listener = new TcpListener(IPAddress.Loopback, listenPort);
listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
listener.Start(4096);
var accepted = 0;
using var stop = new CancellationTokenSource();
AppDomain.CurrentDomain.ProcessExit += (_, _) => { stop.Cancel(); Console.WriteLine($"connections {Volatile.Read(ref accepted)}"); };
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
Console.WriteLine("listening");

try
{
    while (!stop.IsCancellationRequested)
    {
        var client = await listener.AcceptSocketAsync(stop.Token);
        Interlocked.Increment(ref accepted);
        _ = Task.Run(() => HandleAsync(client, Stopwatch.GetTimestamp()));
    }
}
catch (OperationCanceledException) { }
return 0;

async Task HandleAsync(Socket client, long acceptedAt)
{
    client.NoDelay = true;
    using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    try
    {
        await server.ConnectAsync(target);
        var setupDone = acceptedAt + (long)(rtt.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(PumpAsync(client, server, setupDone), PumpAsync(server, client, 0));
    }
    catch (SocketException) { }
    finally
    {
        client.Dispose();
    }
}

// Forwards from -> to; each chunk leaves half a round trip after it arrived (and not before notBefore).
async Task PumpAsync(Socket from, Socket to, long notBefore)
{
    var queue = Channel.CreateUnbounded<(long Due, byte[]? Data, bool Reset)>();
    var reader = Task.Run(async () =>
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var n = await from.ReceiveAsync(buffer, SocketFlags.None);
                var due = Math.Max(Stopwatch.GetTimestamp() + (long)(half.TotalSeconds * Stopwatch.Frequency), notBefore);
                if (n == 0) { queue.Writer.TryWrite((due, null, false)); break; }
                queue.Writer.TryWrite((due, buffer[..n], false));
            }
        }
        catch (SocketException) { queue.Writer.TryWrite((Stopwatch.GetTimestamp(), null, true)); }
        catch (ObjectDisposedException) { }
        queue.Writer.TryComplete();
    });
    await foreach (var (due, data, reset) in queue.Reader.ReadAllAsync())
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
        try
        {
            if (reset) { to.LingerState = new LingerOption(true, 0); to.Close(); break; }
            if (data is null) { to.Shutdown(SocketShutdown.Send); break; }
            await to.SendAsync(data, SocketFlags.None);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { break; }
    }
    await reader;
}
