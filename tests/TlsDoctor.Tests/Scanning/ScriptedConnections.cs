using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using TlsDoctor.Scanning;

namespace TlsDoctor.Tests.Scanning;

/// <summary>
/// Connections for the <see cref="ConnectionPool"/>s under test, set up as a script says (after a delay: open, dead on
/// arrival, closed by the server later while idle, refused, or a connect timeout), each a real loopback socket whose close
/// is slow (it stays open a moment inside its Dispose). At the start of every set-up it counts the sockets handed out and
/// not yet closed, per endpoint and over all, and notes every moment either is above its limit: the limits as the
/// network would see them, not as the pool's slots say.
/// </summary>
internal sealed class ScriptedConnections : IDisposable
{
    public enum Outcome { Open, DeadOnArrival, DiesIdle, Refused, ConnectTimeout }

    /// <summary>One connection's set-up: its delay, how it ends, and how long its close takes (milliseconds).</summary>
    public readonly record struct Step(int DelayMs, Outcome Outcome, int CloseMs)
    {
        public override string ToString() => $"{Outcome}+{DelayMs}/{CloseMs}";
    }

    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<Socket>> _accepted = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly int _perEndpoint, _global;
    private readonly IReadOnlyList<Step> _script;
    private readonly Dictionary<int, int> _open = [];
    private int _openAll, _calls;
    private readonly List<string> _violations = [];
    private TaskCompletionSource _allClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ScriptedConnections(int perEndpoint, int global, IReadOnlyList<Step> script)
    {
        (_perEndpoint, _global, _script) = (perEndpoint, global, script);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(1024);
        _allClosed.SetResult();
        _ = AcceptLoopAsync();
    }

    /// <summary>Every moment a set-up started with more sockets open than a limit allows (empty when the limits held).</summary>
    public IReadOnlyList<string> Violations { get { lock (_lock) return [.. _violations]; } }

    /// <summary>The most sockets open at once over all endpoints, seen at a set-up.</summary>
    public int MaxOpen { get; private set; }

    public int Calls { get { lock (_lock) return _calls; } }

    /// <summary>Completes when every socket handed out (or being set up) is closed.</summary>
    public Task AllClosed { get { lock (_lock) return _allClosed.Task; } }

    /// <summary>A connector whose connections are this script's, for endpoint number <paramref name="endpoint"/>.</summary>
    public Connector ConnectorFor(int endpoint) =>
        new(ConnectorDeadlineTests.Timeouts) { OpenOverride = (_, ct) => OpenAsync(endpoint, ct) };

    private async Task<(Socket? Socket, ProbeFailure? Failure)> OpenAsync(int endpoint, CancellationToken ct)
    {
        Step step;
        lock (_lock)
        {
            step = _script[_calls++ % _script.Count];
            // Open from the start of its set-up, as a real connect's SYN is.
            var here = _open[endpoint] = _open.GetValueOrDefault(endpoint) + 1;
            if (_openAll++ == 0) _allClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
            MaxOpen = Math.Max(MaxOpen, _openAll);
            if (here > _perEndpoint || _openAll > _global)
                _violations.Add($"set-up {_calls} ({step}) for endpoint {endpoint}: {here} open there (limit {_perEndpoint}), {_openAll} over all (limit {_global})");
        }
        var socket = new TrackedSocket(this, endpoint, step.CloseMs);
        try
        {
            if (step.DelayMs > 0) await Task.Delay(step.DelayMs, ct).ConfigureAwait(false);
            else await Task.Yield();
            switch (step.Outcome)
            {
                case Outcome.Refused:
                    socket.Dispose();
                    return (null, new ProbeFailure.Refused());
                case Outcome.ConnectTimeout:
                    socket.Dispose();
                    return (null, new ProbeFailure.Timeout(ProbeStage.Connect, (int)ConnectorDeadlineTests.Timeouts.Connect.TotalMilliseconds));
            }
            await socket.ConnectAsync(_listener.LocalEndPoint!, ct).ConfigureAwait(false);
            var server = Accepted(((IPEndPoint)socket.LocalEndPoint!).Port);
            if (step.Outcome == Outcome.DeadOnArrival)
            {
                (await server.ConfigureAwait(false)).Dispose();
                // Handed out only once the client's side has the server's FIN: the pool must find it dead.
                await socket.ReceiveAsync(new byte[1], SocketFlags.Peek, ct).ConfigureAwait(false);
            }
            else if (step.Outcome == Outcome.DiesIdle)
                _ = server.ContinueWith(s => s.Result.Dispose(), TaskScheduler.Default);
            return (socket, null);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            // As the real connector: the socket is closed before the cancellation (or failure) is reported.
            socket.Dispose();
            ct.ThrowIfCancellationRequested();
            return (null, new ProbeFailure.Reset());
        }
    }

    private Task<Socket> Accepted(int clientPort) =>
        _accepted.GetOrAdd(clientPort, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket s;
            try { s = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            _accepted.GetOrAdd(((IPEndPoint)s.RemoteEndPoint!).Port, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(s);
        }
    }

    private void Closed(int endpoint)
    {
        lock (_lock)
        {
            _open[endpoint]--;
            if (--_openAll == 0) _allClosed.TrySetResult();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        foreach (var tcs in _accepted.Values)
            if (tcs.Task.IsCompletedSuccessfully) tcs.Task.Result.Dispose();
    }

    /// <summary>A socket that reports its close, and takes a while to close (so a slot freed before it is closed shows).</summary>
    private sealed class TrackedSocket(ScriptedConnections owner, int endpoint, int closeMs)
        : Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
    {
        private int _closed;

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _closed, 1) == 0)
            {
                if (closeMs > 0) Thread.Sleep(closeMs);
                base.Dispose(disposing);
                owner.Closed(endpoint);
                return;
            }
            base.Dispose(disposing);
        }
    }
}
