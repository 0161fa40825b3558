using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using TlsDoctor.Capture;
using TlsDoctor.IntegrationTests.Servers;

namespace TlsDoctor.IntegrationTests.Capture;

/// <summary>
/// openssl s_client, curl, gnutls-cli and .NET's HttpClient connect to the listener while tshark captures the loopback
/// interface. For each connection, what the listener recorded equals what tshark saw: the same ClientHello bytes (read
/// back from tshark's capture file by the pcap reader), and the JA3 and SNI tshark computes itself.
/// </summary>
public class CaptureListenerClientsTests
{
    [Fact]
    public async Task Real_clients_are_recorded_as_tshark_sees_them()
    {
        await using var capture = new InProcessCapture();
        var port = capture.Port;
        var pcap = Path.Combine(Path.GetTempPath(), $"tlsdoctor-capture-{Guid.NewGuid():N}.pcap");
        // A second port in tshark's filter: connections to it show when packets really reach the file.
        using var marker = new TcpListener(IPAddress.Loopback, 0);
        marker.Start();
        var markerPort = ((IPEndPoint)marker.LocalEndpoint).Port;
        using var tshark = StartTshark(port, markerPort, pcap);
        try
        {
            await WaitForCaptureToStartAsync(tshark, pcap, markerPort);
            var clients = new List<(string Name, Func<Task> Run)>
            {
                ("openssl", () => ProcessRunner.RunAsync("openssl", ["s_client", "-connect", $"127.0.0.1:{port}", "-servername", "openssl.test"], TimeSpan.FromSeconds(15), standardInput: "")),
                ("curl", () => ProcessRunner.RunAsync("curl", ["-sk", "--max-time", "10", "--resolve", $"curl.test:{port}:127.0.0.1", $"https://curl.test:{port}/"], TimeSpan.FromSeconds(15))),
                ("gnutls-cli", () => ProcessRunner.RunAsync("gnutls-cli", ["--insecure", "--sni-hostname=gnutls.test", "-p", port.ToString(), "127.0.0.1"], TimeSpan.FromSeconds(15), standardInput: "")),
                ("HttpClient", () => HttpClientHelloAsync(port)),
            };
            foreach (var (_, run) in clients) await run();
            await capture.WaitForCountAsync(clients.Count, TimeSpan.FromSeconds(15));
            // Until tshark's file holds every hello (when tshark buffers its writes, stopping it below writes the rest).
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            while (DateTime.UtcNow < until && HellosIn(pcap) < clients.Count) await Task.Delay(20);
        }
        finally
        {
            StopTshark(tshark);
        }
        try
        {
            var rows = capture.Rows;
            Assert.All(rows, r => Assert.Null(r.Malformed));
            Assert.Equal(["curl.test", "dotnet.test", "gnutls.test", "openssl.test"], rows.Select(r => r.ServerName).OfType<string>().Order());

            // Ground truth 1: the bytes on the wire, read from tshark's capture file.
            var wire = new PcapCapture().Read([pcap]).ToDictionary(h => h.Client.Port);
            // Ground truth 2: tshark's own dissection and JA3.
            var fields = await ProcessRunner.RunAsync("tshark", ["-r", pcap, "-d", $"tcp.port=={port},tls", "-Y", "tls.handshake.type == 1", "-T", "fields",
                "-E", "separator=|", "-e", "tcp.srcport", "-e", "tls.handshake.ja3", "-e", "tls.handshake.ja3_full", "-e", "tls.handshake.extensions_server_name"]);
            var tsharkByPort = fields.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split('|')).ToDictionary(f => int.Parse(f[0]), f => (Ja3: f[1], Ja3Full: f[2], Sni: f[3]));
            Assert.Equal(rows.Count, tsharkByPort.Count);
            foreach (var row in rows)
            {
                var clientPort = int.Parse(row.Client[(row.Client.LastIndexOf(':') + 1)..]);
                Assert.Equal(wire[clientPort].HandshakeMessage, row.Raw);
                var t = tsharkByPort[clientPort];
                Assert.Equal(t.Ja3Full, row.Ja3String);
                Assert.Equal(t.Ja3, row.Ja3);
                Assert.Equal(t.Sni.Length == 0 ? null : t.Sni, row.ServerName);
            }
        }
        finally
        {
            File.Delete(pcap);
        }
    }

    /// <summary>HttpClient to https://dotnet.test/ with the TCP connection steered to the listener; the handshake fails on the alert.</summary>
    private static async Task HttpClientHelloAsync(int port)
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        try { await client.GetAsync($"https://dotnet.test:{port}/"); }
        catch (HttpRequestException) { }
    }

    private static Process StartTshark(int port, int markerPort, string pcap)
    {
        var psi = new ProcessStartInfo(ToolCheck.Require("tshark"))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-i", "lo", "-f", $"tcp port {port} or tcp port {markerPort}", "-w", pcap, "-F", "pcap" }) psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        return process;
    }

    private static async Task WaitForCaptureToStartAsync(Process tshark, string pcap, int markerPort)
    {
        // A deadline for a hung tshark, not a speed limit: dumpcap starts slowly on a busy machine.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        var line = Task.Run(() =>
        {
            string? l;
            while ((l = tshark.StandardError.ReadLine()) is not null)
                if (l.Contains("Capturing on", StringComparison.Ordinal)) return true;
            return false;
        });
        while (DateTime.UtcNow < deadline && !line.IsCompleted) await Task.Delay(50);
        Assert.True(line.IsCompleted && line.Result && !tshark.HasExited, "tshark did not start capturing on lo");
        // "Capturing on" is printed before dumpcap's filter is attached: connect to the marker port until its packets are
        // in the file (more than the 24-byte pcap header). They carry no TLS, so no hello count changes.
        while (PcapLength(pcap) <= 24)
        {
            Assert.True(DateTime.UtcNow < deadline && !tshark.HasExited, "tshark wrote no packet of the marker connections");
            using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
                await probe.ConnectAsync(IPAddress.Loopback, markerPort);
            await Task.Delay(20);
        }
    }

    private static long PcapLength(string pcap)
    {
        try { return new FileInfo(pcap).Length; }
        catch (IOException) { return 0; }
    }

    private static int HellosIn(string pcap)
    {
        try { return new PcapCapture().Read([pcap]).Count(); }
        catch (Exception e) when (e is IOException or InvalidDataException) { return 0; }
    }

    private static void StopTshark(Process tshark)
    {
        if (tshark.HasExited) return;
        // SIGINT lets tshark flush and close the capture file.
        using (var kill = Process.Start("kill", ["-INT", tshark.Id.ToString()])) kill.WaitForExit(5000);
        if (!tshark.WaitForExit(10_000)) tshark.Kill(entireProcessTree: true);
    }
}
