using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using TlsDoctor.Capture;

namespace TlsDoctor.IntegrationTests.Capture;

/// <summary>A capture listener on 127.0.0.1 (ephemeral port) in this process, recording to a temporary database.</summary>
public sealed class InProcessCapture : IAsyncDisposable, ICaptureObserver
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private readonly CaptureRecorder _recorder;
    private readonly CaptureListener _listener;
    private readonly ConcurrentQueue<CapturedHello> _rows = new();
    private readonly SemaphoreSlim _arrived = new(0);

    public string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), $"tlsdoctor-capture-{Guid.NewGuid():N}.db");
    public CaptureStore Store { get; }
    public int Port => _listener.LocalEndpoint.Port;

    public InProcessCapture(CaptureListenerOptions? options = null, CaptureListener.HandoffHandler? handoff = null)
    {
        Store = CaptureStore.Open(DatabasePath);
        _recorder = new CaptureRecorder(Store, this);
        _listener = CaptureListener.Start((options ?? new CaptureListenerOptions()) with { Endpoint = new IPEndPoint(IPAddress.Loopback, 0) }, _recorder, handoff: handoff);
        _run = _listener.RunAsync(_stop.Token);
    }

    public void OnRecorded(CapturedHello hello)
    {
        _rows.Enqueue(hello);
        _arrived.Release();
    }

    public IReadOnlyList<CapturedHello> Rows => _rows.ToArray();

    /// <summary>Waits until a row from the given client port is recorded.</summary>
    public async Task<CapturedHello> WaitForClientAsync(int clientPort, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var row = _rows.FirstOrDefault(r => r.Client.EndsWith(":" + clientPort, StringComparison.Ordinal));
            if (row is not null) return row;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"no row recorded for client port {clientPort}");
            await _arrived.WaitAsync(TimeSpan.FromMilliseconds(Math.Min(200, left.TotalMilliseconds)));
        }
    }

    public async Task WaitForCountAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_rows.Count < count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{_rows.Count} of {count} rows recorded");
            await _arrived.WaitAsync(TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>Connects, sends <paramref name="data"/> in chunks of <paramref name="chunk"/> bytes, and reads until the listener closes.</summary>
    public async Task<(int ClientPort, byte[] Answer)> SendAsync(byte[] data, int chunk = int.MaxValue, bool closeAfterSending = false, TimeSpan? pause = null)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, Port);
        var clientPort = ((IPEndPoint)socket.LocalEndPoint!).Port;
        for (var offset = 0; offset < data.Length; offset += chunk)
        {
            await socket.SendAsync(data.AsMemory(offset, Math.Min(chunk, data.Length - offset)));
            if (pause is { } p) await Task.Delay(p);
        }
        if (closeAfterSending) { socket.Shutdown(SocketShutdown.Send); }
        var answer = new List<byte>();
        var buffer = new byte[256];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (n == 0) break;
                answer.AddRange(buffer.AsSpan(0, n));
            }
        }
        catch (SocketException) { }
        return (clientPort, answer.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        await _listener.DisposeAsync();
        await _recorder.DisposeAsync();
        Store.Dispose();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(DatabasePath + suffix);
    }
}
