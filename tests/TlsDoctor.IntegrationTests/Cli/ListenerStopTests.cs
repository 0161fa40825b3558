using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using TlsDoctor.Capture;
using TlsDoctor.IntegrationTests.Capture;
using TlsDoctor.IntegrationTests.Servers;

namespace TlsDoctor.IntegrationTests.Cli;

/// <summary>
/// The listeners as real processes: SIGTERM stops `capture` as it stops `serve` (exit 0, the database flushed), and a
/// port another process already listens on is refused by both with the same sentence and exit code.
/// </summary>
public class ListenerStopTests
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "tlsdoctor.dll");

    [Fact]
    public async Task Capture_stops_on_sigterm_with_exit_0_and_its_rows_stored()
    {
        var db = Path.Combine(Path.GetTempPath(), $"tlsdoctor-term-{Guid.NewGuid():N}.db");
        try
        {
            var port = FreePort.Next();
            using var process = Start("capture", "--listen", $"127.0.0.1:{port}", "--db", db);
            var errors = new System.Text.StringBuilder();
            var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (errors) errors.AppendLine(e.Data);
                if (e.Data.StartsWith("listening on", StringComparison.Ordinal)) listening.TrySetResult();
            };
            process.BeginErrorReadLine();
            process.OutputDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            await listening.Task.WaitAsync(TimeSpan.FromMinutes(2));

            var hello = ReferenceHello.Load("curl");
            using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                await socket.ConnectAsync(IPAddress.Loopback, port);
                await socket.SendAsync(hello.Record, SocketFlags.None);
                var buffer = new byte[64];
                // The capture answers the recorded hello with an alert and closes: the row is queued by then.
                while (await socket.ReceiveAsync(buffer, SocketFlags.None) > 0) { }
            }
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()])) await kill.WaitForExitAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));

            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{errors}");
            lock (errors) Assert.Contains("recorded 1 connection (of 1 TCP connection received)", errors.ToString());
            using var store = CaptureStore.Open(db, readOnly: true);
            Assert.Equal(1, store.Count());
            Assert.Equal(hello.Ja4, store.ReadAll().Single().Ja4);
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(db + suffix);
        }
    }

    [Theory]
    [InlineData("capture", "--duration", "30", "--db")]
    [InlineData("serve", "--policy", "ELBSecurityPolicy-2016-08", "--duration", "30", "--db")]
    public void A_port_in_use_is_refused_even_when_its_owner_allows_port_sharing(params string[] command)
    {
        // haproxy and nginx listen with SO_REUSEPORT; .NET's ReuseAddress sets it on Linux, as they do.
        using var owner = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        owner.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        owner.Bind(new IPEndPoint(IPAddress.Loopback, FreePort.Next()));
        owner.Listen();
        var port = ((IPEndPoint)owner.LocalEndPoint!).Port;
        var db = Path.Combine(Path.GetTempPath(), $"tlsdoctor-inuse-{Guid.NewGuid():N}.db");
        string[] args = command[0] == "capture"
            ? [.. command[..^1], "--db", db, "--listen", $"127.0.0.1:{port}"]
            : [.. command[..^1], "--listen", $"127.0.0.1:{port}"];
        try
        {
            var (exit, _, error) = CliRunner.Run(args);
            Assert.Equal(3, exit);
            Assert.Contains($"error: cannot listen on 127.0.0.1:{port}: the address is already in use", error);
            Assert.DoesNotContain("listening", error);
            // Nothing was recorded, so nothing is left behind.
            Assert.False(File.Exists(db), $"{db} was created");
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(db + suffix);
        }
    }

    private static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(Cli);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }
}
