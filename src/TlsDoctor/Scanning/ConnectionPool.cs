using System.Net;
using System.Net.Sockets;

namespace TlsDoctor.Scanning;

/// <summary>
/// TCP connections to one endpoint, opened ahead of the probes that will use them: while a hello is in flight the next
/// probe's connection is already being set up, so a chain of probes pays one round trip per hello instead of two.
/// Each connection carries one hello only (as before). A connection opened ahead holds a slot of the
/// <see cref="BoundedGate"/> like any other, is taken only when a slot is free at once and nobody waits for one, and is
/// handed to whichever probe comes next; the ones no probe takes are closed unused by <see cref="Dispose"/> (they are
/// counted by the <see cref="Connector"/> like every other connection).
/// </summary>
public sealed class ConnectionPool(Connector connector, IPEndPoint endpoint, BoundedGate? gate = null) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Queue<Spare> _spares = new();
    private readonly CancellationTokenSource _closing = new();
    private int _waiting;
    private bool _disposed;
    private int _opened, _taken, _skipped;

    /// <summary>Connections opened ahead, taken by a probe, and prewarm requests skipped for want of a free slot.</summary>
    public (int Opened, int Taken, int Skipped) Counts => (Volatile.Read(ref _opened), Volatile.Read(ref _taken), Volatile.Read(ref _skipped));

    private sealed record Spare(Task<(Socket? Socket, ProbeFailure? Failure)> Connect, IDisposable? Slot, long OpenedAt);

    /// <summary>A connection for one exchange (or the failure to open it) and the slot it holds until disposed.</summary>
    public sealed class Lease(Socket? socket, ProbeFailure? failure, IDisposable? slot, bool warm, long openedAt) : IDisposable
    {
        public Socket? Socket { get; private set; } = socket;
        public ProbeFailure? Failure { get; private set; } = failure;
        /// <summary>Whether the connection was opened ahead (and may have waited idle).</summary>
        public bool Warm { get; private set; } = warm;
        public long OpenedAt { get; private set; } = openedAt;

        internal void Replace(Socket? s, ProbeFailure? f, long openedAt)
        {
            Socket?.Dispose();
            (Socket, Failure, Warm, OpenedAt) = (s, f, false, openedAt);
        }

        public void Dispose()
        {
            Socket?.Dispose();
            slot?.Dispose();
        }
    }

    /// <summary>Starts opening up to <paramref name="count"/> connections for probes to come (fewer when no slot is free).</summary>
    public void Prewarm(int count)
    {
        for (var i = 0; i < count; i++)
        {
            lock (_lock)
                if (_disposed || _waiting > 0) { Interlocked.Add(ref _skipped, count - i); return; }
            IDisposable? slot = null;
            if (gate is not null && (slot = gate.TryEnter()) is null) { Interlocked.Add(ref _skipped, count - i); return; }
            Interlocked.Increment(ref _opened);
            var spare = new Spare(ConnectQuietlyAsync(), slot, connector.Time.GetTimestamp());
            bool keep;
            lock (_lock)
            {
                keep = !_disposed;
                if (keep) _spares.Enqueue(spare);
            }
            if (!keep) Close(spare);
        }
    }

    /// <summary>A connection opened ahead when there is one, else a slot (waiting for it) and a new connection.</summary>
    public async Task<Lease> AcquireAsync(CancellationToken ct)
    {
        Spare? spare = null;
        lock (_lock)
        {
            if (_spares.Count > 0) spare = _spares.Dequeue();
            else _waiting++;
        }
        if (spare is not null)
        {
            Interlocked.Increment(ref _taken);
            var (socket, failure) = await spare.Connect.ConfigureAwait(false);
            if (failure is null && socket is not null && !socket.Poll(0, SelectMode.SelectRead))
                return new Lease(socket, null, spare.Slot, true, spare.OpenedAt);
            // The connection failed or the server closed it (or sent something unasked) while it waited: use a new one.
            socket?.Dispose();
            try
            {
                var now = connector.Time.GetTimestamp();
                var (s, f) = await connector.ConnectAsync(endpoint, ct).ConfigureAwait(false);
                return new Lease(s, f, spare.Slot, false, now);
            }
            catch { spare.Slot?.Dispose(); throw; }
        }

        IDisposable? slot;
        try { slot = gate is null ? null : await gate.EnterAsync(ct).ConfigureAwait(false); }
        finally { lock (_lock) _waiting--; }
        try
        {
            var opened = connector.Time.GetTimestamp();
            var (socket, failure) = await connector.ConnectAsync(endpoint, ct).ConfigureAwait(false);
            return new Lease(socket, failure, slot, false, opened);
        }
        catch { slot?.Dispose(); throw; }
    }

    /// <summary>Opens a new connection for a lease whose connection opened ahead turned out closed by the server.</summary>
    public async Task ReconnectAsync(Lease lease, CancellationToken ct)
    {
        var opened = connector.Time.GetTimestamp();
        var (socket, failure) = await connector.ConnectAsync(endpoint, ct).ConfigureAwait(false);
        lease.Replace(socket, failure, opened);
    }

    private async Task<(Socket? Socket, ProbeFailure? Failure)> ConnectQuietlyAsync()
    {
        try { return await connector.ConnectAsync(endpoint, _closing.Token).ConfigureAwait(false); }
        catch (OperationCanceledException) { return (null, new ProbeFailure.Closed(0)); }
    }

    private static void Close(Spare spare) =>
        spare.Connect.ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully) t.Result.Socket?.Dispose();
            spare.Slot?.Dispose();
        }, TaskScheduler.Default);

    /// <summary>Closes the connections no probe took.</summary>
    public void Dispose()
    {
        Spare[] left;
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            left = [.. _spares];
            _spares.Clear();
        }
        _closing.Cancel();
        foreach (var spare in left) Close(spare);
    }
}
