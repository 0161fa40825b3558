using System.Net;
using System.Net.Sockets;

namespace TlsDoctor.IntegrationTests.Servers;

/// <summary>
/// Free loopback ports for test servers, below the kernel's ephemeral range: a port from that range, free when checked,
/// can be taken as the source port of one of the thousands of client connections the tests open before the server binds
/// it ("Address already in use"). Below the range only servers bind, and this process hands each port out once.
/// </summary>
public static class FreePort
{
    private static readonly int Lowest = 10000;
    private static readonly int EphemeralLow = ReadEphemeralLow();
    private static int _last = Random.Shared.Next(Lowest, Math.Max(Lowest + 1, EphemeralLow - 4000));

    public static int Next()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Interlocked.Increment(ref _last);
            if (port >= EphemeralLow)
            {
                Interlocked.CompareExchange(ref _last, Lowest, port);
                continue;
            }
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException) { }   // another program's server: try the next
        }
        throw new InvalidOperationException($"no free loopback port between {Lowest} and {EphemeralLow}");
    }

    /// <summary>The first port of net.ipv4.ip_local_port_range (32768 by default on Linux).</summary>
    private static int ReadEphemeralLow()
    {
        try
        {
            var text = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            if (text.Length > 0 && int.TryParse(text[0], out var low) && low > Lowest + 1000) return low;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return 32768;
    }

    /// <summary>Polls until something accepts TCP connections on 127.0.0.1:port, or the deadline passes.</summary>
    public static async Task<bool> WaitUntilListeningAsync(int port, TimeSpan timeout, Func<bool>? stillAlive = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (stillAlive is not null && !stillAlive()) return false;
            try
            {
                using var client = new TcpClient();
                using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
                await client.ConnectAsync(IPAddress.Loopback, port, cts.Token);
                return true;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                await Task.Delay(25);
            }
        }
        return false;
    }
}
