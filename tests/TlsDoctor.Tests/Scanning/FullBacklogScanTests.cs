using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using TlsDoctor.Scanning;

namespace TlsDoctor.Tests.Scanning;

/// <summary>Connections never accepted (a listen backlog kept full): a scan ends after one connect deadline, not two.</summary>
public sealed class FullBacklogScanTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    /// <summary>Client sockets of this process in SYN_SENT towards <paramref name="port"/> (Linux /proc/net/tcp, state 02).</summary>
    private static int SynSent(int port)
    {
        var remote = $"0100007F:{port:X4}";
        return File.ReadLines("/proc/net/tcp").Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Count(f => f.Length > 3 && f[2] == remote && f[3] == "02");
    }

    [Fact]
    public async Task Scan_of_a_listener_that_never_accepts_ends_after_one_connect_deadline()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        listener.Listen(1);
        var port = ((System.Net.IPEndPoint)listener.LocalEndPoint!).Port;
        // Nobody accepts: Linux queues backlog + 1 connections and then drops further SYNs (see ConnectorDeadlineTests).
        var fillers = new List<Socket>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                fillers.Add(filler);
                await filler.ConnectAsync(listener.LocalEndPoint!).WaitAsync(TimeSpan.FromSeconds(10));
            }
            var time = new FakeTimeProvider();
            var engine = new ScanEngine(new ScanOptions { Timeouts = ConnectorDeadlineTests.Timeouts, Time = time });
            Assert.True(ScanTarget.TryParse($"127.0.0.1:{port}", out var target, out var message), message);
            var run = engine.ScanOneAsync(target!, new SemaphoreSlim(64), CancellationToken.None);
            // The first hello's connection and the ones opened ahead with it have sent their SYNs (their deadlines run).
            var limit = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (SynSent(port) < 1 && DateTime.UtcNow < limit) await Task.Delay(5);
            Assert.True(SynSent(port) >= 1, "no connection attempt seen");

            time.Advance(ConnectorDeadlineTests.Timeouts.Connect - Tick);
            await ConnectorDeadlineTests.AssertPendingAsync(run, "the scan");
            time.Advance(Tick);

            var result = await ConnectorDeadlineTests.EndsAsync(run);
            var timeout = Assert.IsType<ProbeFailure.Timeout>(result.Failure);
            Assert.Equal(ProbeStage.Connect, timeout.Stage);
            Assert.Equal((int)ConnectorDeadlineTests.Timeouts.Connect.TotalMilliseconds, timeout.AfterMs);
            Assert.Equal((long)ConnectorDeadlineTests.Timeouts.Connect.TotalMilliseconds, result.Stats.DurationMs);
        }
        finally
        {
            foreach (var f in fillers) f.Dispose();
        }
    }
}
