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

    /// <summary>
    /// Polls until <paramref name="server"/> itself holds a socket listening on 127.0.0.1:port (the kernel then completes
    /// every client's connection into its backlog), or it exits, or the deadline passes. A connection that succeeds is not
    /// enough: another program on the machine may have bound the port first, and this server then exits.
    /// </summary>
    public static async Task<bool> WaitUntilListeningAsync(int port, TimeSpan timeout, System.Diagnostics.Process server)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (server.HasExited) return false;
            if (OperatingSystem.IsLinux() ? Listens(server.Id, port) : await AcceptsAsync(port)) return true;
            await Task.Delay(10);
        }
        return false;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.ConnectAsync(IPAddress.Loopback, port, cts.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException) { return false; }
    }

    /// <summary>Whether process <paramref name="pid"/> has a file descriptor on a socket in LISTEN state bound to 127.0.0.1:port.</summary>
    public static bool Listens(int pid, int port)
    {
        // /proc/net/tcp: "sl local_address rem_address st ... inode", addresses as little-endian hex "0100007F:1F90", LISTEN = 0A.
        var local = $"0100007F:{port:X4}";
        var inodes = new HashSet<string>();
        try
        {
            foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length > 9 && f[1] == local && f[3] == "0A") inodes.Add($"socket:[{f[9]}]");
            }
            if (inodes.Count == 0) return false;
            foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
                if (new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target)) return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return false;
    }
}
