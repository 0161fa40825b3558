using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using TlsDoctor.Cli;

namespace TlsDoctor.IntegrationTests.Scanning;

/// <summary>
/// Targets that are not TLS servers: each gives a clear message and exit code 3 (network) within the
/// timeout, never a hang. Small in-test listeners play the bad servers.
/// </summary>
public sealed class BadTargetTests
{
    private static (int Exit, string Out, string Err, TimeSpan Took) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var watch = Stopwatch.StartNew();
        var exit = CommandLineApp.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString(), watch.Elapsed);
    }

    /// <summary>A loopback listener that handles every connection with <paramref name="handle"/> until disposed.</summary>
    private sealed class BadServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        public int Port { get; }

        public BadServer(Func<Socket, CancellationToken, Task> handle)
        {
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    Socket socket;
                    try { socket = await _listener.AcceptSocketAsync(_stop.Token); } catch { return; }
                    _ = Task.Run(async () => { using (socket) try { await handle(socket, _stop.Token); } catch { } });
                }
            });
        }

        public void Dispose() { _stop.Cancel(); _listener.Stop(); }
    }

    private static async Task ReadSome(Socket s, CancellationToken ct)
    {
        var buffer = new byte[4096];
        await s.ReceiveAsync(buffer, SocketFlags.None, ct);
    }

    [Fact]
    public void Refused_port()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var r = Run("scan", $"127.0.0.1:{port}");
        Assert.True(r.Exit == ExitCodes.Network, $"exit {r.Exit}: {r.Err}\n{r.Out}");
        Assert.Contains("connection refused", r.Out);
    }

    [Fact]
    public void Silent_port_times_out_without_hanging()
    {
        using var server = new BadServer(async (s, ct) => await Task.Delay(Timeout.Infinite, ct));
        var r = Run("scan", $"127.0.0.1:{server.Port}", "--timeout", "1");
        Assert.True(r.Exit == ExitCodes.Network, $"exit {r.Exit}: {r.Err}\n{r.Out}");
        Assert.Contains("timeout waiting for the server's answer after 1000 ms", r.Out);
        Assert.True(r.Took >= TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(20), $"took {r.Took}, before its deadline");
    }

    [Fact]
    public void Plain_http_port_is_reported_as_not_tls()
    {
        using var server = new BadServer(async (s, ct) =>
        {
            await ReadSome(s, ct);
            await s.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), SocketFlags.None, ct);
            s.Shutdown(SocketShutdown.Both);
        });
        var r = Run("scan", $"127.0.0.1:{server.Port}");
        Assert.True(r.Exit == ExitCodes.Network, $"exit {r.Exit}: {r.Err}\n{r.Out}");
        Assert.Contains("not TLS", r.Out);
        Assert.Contains("HTTP/1.1 400", r.Out);
    }

    [Fact]
    public void Garbage_is_reported_as_not_tls()
    {
        using var server = new BadServer(async (s, ct) =>
        {
            await ReadSome(s, ct);
            await s.SendAsync(new byte[] { 0x00, 0xFF, 0x13, 0x37, 0x42, 0x42, 0x42, 0x42 }, SocketFlags.None, ct);
            s.Shutdown(SocketShutdown.Both);
        });
        var r = Run("scan", $"127.0.0.1:{server.Port}", "--json");
        Assert.True(r.Exit == ExitCodes.Network, $"exit {r.Exit}: {r.Err}\n{r.Out}");
        Assert.Contains("\"kind\": \"notTls\"", r.Out);
        Assert.Contains("00ff1337", r.Out);
    }

    [Fact]
    public void Server_closing_mid_hello_is_reported()
    {
        using var server = new BadServer(async (s, ct) =>
        {
            await ReadSome(s, ct);
            // The first 9 bytes of a ServerHello record (handshake, TLS 1.2, length 0x0051, ServerHello, …), then FIN.
            await s.SendAsync(new byte[] { 0x16, 0x03, 0x03, 0x00, 0x51, 0x02, 0x00, 0x00, 0x4D }, SocketFlags.None, ct);
            s.Shutdown(SocketShutdown.Both);
        });
        var r = Run("scan", $"127.0.0.1:{server.Port}", "--timeout", "2");
        Assert.True(r.Exit == ExitCodes.Network, $"exit {r.Exit}: {r.Err}\n{r.Out}");
        Assert.Contains("connection closed after 9 bytes", r.Out);
    }

    [Fact]
    public void A_name_longer_than_dns_allows_is_bad_input_and_no_query_leaves_the_machine()
    {
        // Refused while the arguments are read (a DNS name has at most 253 characters), before any resolver runs.
        var r = Run("scan", new string('a', 300) + ".example");
        Assert.True(r.Exit == ExitCodes.Usage, $"exit {r.Exit}: {r.Err}\n{r.Out}");
        Assert.Contains("at most 253", r.Err);
    }

    [Fact]
    public void Several_targets_exit_with_the_worst_and_one_json_line_each()
    {
        using var server = new BadServer(async (s, ct) => { await ReadSome(s, ct); s.Shutdown(SocketShutdown.Both); });
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var refused = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var file = Path.GetTempFileName();
        File.WriteAllLines(file, ["# two bad targets", $"127.0.0.1:{refused}", "", $"127.0.0.1:{server.Port}"]);
        var r = Run("scan", "-f", file, "--json", "--timeout", "2");
        File.Delete(file);
        Assert.True(r.Exit == ExitCodes.Network, $"exit {r.Exit}: {r.Err}\n{r.Out}");
        var lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        foreach (var line in lines)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(line);
            Assert.Equal("tlsdoctor.scan/1", doc.RootElement.GetProperty("schema").GetString());
            Assert.True(doc.RootElement.TryGetProperty("failure", out _));
        }
    }

    /// <summary>
    /// JSON Lines of several commands in one process (a library user, or these tests): capture's lines, then scan's. Scan
    /// once bound a second serializer context to the compact options capture had already used, which threw (exit 70)
    /// for every later multi-target scan in the process.
    /// </summary>
    [Fact]
    public void Scan_json_lines_after_capture_json_lines_in_the_same_process()
    {
        var db = Path.Combine(Path.GetTempPath(), $"tlsdoctor-{Guid.NewGuid():N}.db");
        try
        {
            var capture = Run("capture", "--pcap", RepoPaths.Repo("tests/TlsDoctor.Tests/Capture/Fixtures/curl.pcap"), "--db", db, "--json");
            Assert.True(capture.Exit == ExitCodes.Ok, capture.Err);
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var refused = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            var r = Run("scan", $"127.0.0.1:{refused}", $"127.0.0.1:{refused}", "--json");
            Assert.True(r.Exit == ExitCodes.Network, $"exit {r.Exit}: {r.Err}");
            Assert.Equal(2, r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
        finally
        {
            foreach (var f in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(db) + "*")) File.Delete(f);
        }
    }

    [Fact]
    public void Usage_errors_exit_2_with_one_line()
    {
        var r = Run("scan", "host:99999");
        Assert.Equal(ExitCodes.Usage, r.Exit);
        Assert.Contains("not a port", r.Err);
        Assert.Equal(ExitCodes.Usage, Run("scan").Exit);
        Assert.Equal(ExitCodes.Usage, Run("scan", "127.0.0.1:1", "--fail-on", "severe").Exit);
        var probe = Run("probe", "127.0.0.1:1", "--cipher", "ECDHE-RSA-AES128-GCM-SHA257");
        Assert.Equal(ExitCodes.Usage, probe.Exit);
        Assert.Contains("did you mean", probe.Err);
    }
}
