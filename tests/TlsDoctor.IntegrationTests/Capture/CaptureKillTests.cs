using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using TlsDoctor.Capture;

namespace TlsDoctor.IntegrationTests.Capture;

/// <summary>
/// `tlsdoctor capture` is killed with SIGKILL in the middle of a load and restarted on the same database: every hello
/// it had printed (printed only after commit) is still in the database, the database passes SQLite's integrity check,
/// and the restarted process keeps appending.
/// </summary>
public class CaptureKillTests
{
    private static readonly ReferenceHello Curl = ReferenceHello.Load("curl");

    [Fact]
    public async Task Rows_survive_kill_9_and_recording_resumes_after_restart()
    {
        var db = Path.Combine(Path.GetTempPath(), $"tlsdoctor-kill-{Guid.NewGuid():N}.db");
        try
        {
            var printed = new ConcurrentQueue<JsonElement>();
            using (var first = await CliCapture.StartAsync(db, printed))
            {
                using var loadStop = new CancellationTokenSource();
                var load = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
                {
                    while (!loadStop.IsCancellationRequested)
                    {
                        try { await SendHelloAsync(first.Port); } catch (SocketException) { return; } catch (IOException) { return; }
                    }
                })).ToList();
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (printed.Count < 300 && DateTime.UtcNow < deadline && !first.Process.HasExited) await Task.Delay(20);
                first.Process.Kill(); // SIGKILL on Linux
                first.Process.WaitForExit(10_000);
                await loadStop.CancelAsync();
                await Task.WhenAll(load);
                Assert.True(printed.Count >= 300, $"only {printed.Count} hellos printed before the deadline:\n{first.Errors}");
            }

            var printedIds = printed.ToDictionary(p => p.GetProperty("id").GetInt64(), p => p.GetProperty("ja4").GetString());
            long before;
            using (var store = CaptureStore.Open(db))
            {
                Assert.Equal("ok", store.IntegrityCheck());
                var stored = store.ReadAll().ToDictionary(r => r.Id, r => r.Ja4);
                foreach (var (id, ja4) in printedIds)
                {
                    Assert.True(stored.TryGetValue(id, out var storedJa4), $"printed row {id} is missing after kill -9");
                    Assert.Equal(ja4, storedJa4);
                }
                Assert.All(stored.Values, v => Assert.Equal(Curl.Ja4, v));
                before = stored.Count;
            }

            var again = new ConcurrentQueue<JsonElement>();
            using (var second = await CliCapture.StartAsync(db, again, "--count", "20"))
            {
                for (var i = 0; i < 20; i++) await SendHelloAsync(second.Port);
                Assert.True(second.Process.WaitForExit(20_000), "capture --count 20 did not stop by itself");
                Assert.Equal(0, second.Process.ExitCode);
            }
            using (var store = CaptureStore.Open(db))
            {
                Assert.Equal(before + 20, store.Count());
                Assert.Equal("ok", store.IntegrityCheck());
            }
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(db + suffix);
        }
    }

    private static async Task SendHelloAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(IPAddress.Loopback, port, cts.Token);
        await socket.SendAsync(Curl.Record, SocketFlags.None, cts.Token);
        var buffer = new byte[64];
        while (await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token) > 0) { }
    }

    /// <summary>The CLI (`dotnet tlsdoctor.dll capture --listen 127.0.0.1:0 --json`) as a child process.</summary>
    private sealed class CliCapture : IDisposable
    {
        private readonly System.Text.StringBuilder _errors = new();
        public required Process Process { get; init; }
        public int Port { get; private set; }
        public string Errors { get { lock (_errors) return _errors.ToString(); } }

        public static async Task<CliCapture> StartAsync(string db, ConcurrentQueue<JsonElement> printed, params string[] extra)
        {
            var psi = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "tlsdoctor.dll"), "capture", "--listen", "127.0.0.1:0", "--db", db, "--json" }.Concat(extra))
                psi.ArgumentList.Add(a);
            var capture = new CliCapture { Process = Process.Start(psi)! };
            var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            capture.Process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (capture._errors) capture._errors.AppendLine(e.Data);
                const string marker = "listening on 127.0.0.1:";
                var at = e.Data.IndexOf(marker, StringComparison.Ordinal);
                if (at >= 0) listening.TrySetResult(int.Parse(e.Data[(at + marker.Length)..].Split(',', ' ')[0]));
            };
            capture.Process.OutputDataReceived += (_, e) =>
            {
                if (string.IsNullOrWhiteSpace(e.Data)) return;
                // The line being written when the process is killed may be cut short; it is not counted.
                try { printed.Enqueue(JsonDocument.Parse(e.Data).RootElement.Clone()); }
                catch (JsonException) { }
            };
            capture.Process.BeginErrorReadLine();
            capture.Process.BeginOutputReadLine();
            var done = await Task.WhenAny(listening.Task, Task.Delay(TimeSpan.FromSeconds(30)));
            if (done != listening.Task) { capture.Dispose(); throw new InvalidOperationException("capture did not start listening:\n" + capture.Errors); }
            capture.Port = listening.Task.Result;
            return capture;
        }

        public void Dispose()
        {
            try { if (!Process.HasExited) Process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            Process.WaitForExit(5000);
            Process.Dispose();
        }
    }
}
