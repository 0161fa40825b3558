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
/// <para>
/// A server that serves one connection at a time (openssl s_server) accepts connections in the order they were opened and
/// waits for a hello on the one it accepted: an idle connection opened ahead that is older than a connection carrying a
/// hello would hold that hello until a timeout. So connections are handed out in the order they were set up, and a new one is opened for a
/// probe only when none opened ahead is idle; and when an exchange waits longer than <see cref="StallAfter"/> while
/// connections opened ahead sit idle, <see cref="GoSerial"/> closes them and opens no more ahead for this endpoint.
/// </para>
/// </summary>
public sealed class ConnectionPool(Connector connector, IPEndPoint endpoint, BoundedGate? gate = null) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<Spare> _spares = [];
    private long _connectedSequence;
    private readonly CancellationTokenSource _closing = new();
    private int _waiting;
    /// <summary>New connections being opened for probes that found none idle: none is opened ahead meanwhile.</summary>
    private int _coldStarting;
    private bool _disposed;
    private bool _serial;
    private int _opened, _taken, _skipped;
    private long _slowestConnectTicks;

    /// <summary>The shortest wait after which an exchange is taken as stalled behind an idle connection (loopback, LAN).</summary>
    public static readonly TimeSpan MinimumStall = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long an exchange may wait for its answer before idle connections opened ahead are suspected of holding the server:
    /// four times the slowest connection set-up seen (a round trip), and at least <see cref="MinimumStall"/>.
    /// </summary>
    public TimeSpan StallAfter
    {
        get
        {
            var connect = TimeSpan.FromTicks(Volatile.Read(ref _slowestConnectTicks) * 4);
            return connect > MinimumStall ? connect : MinimumStall;
        }
    }

    /// <summary>Whether connections opened ahead wait idle now.</summary>
    public bool HasIdle { get { lock (_lock) return _spares.Count > 0; } }

    /// <summary>Whether <see cref="GoSerial"/> was called: no connection is opened ahead any more.</summary>
    public bool IsSerial { get { lock (_lock) return _serial; } }

    /// <summary>Connections opened ahead, taken by a probe, and prewarm requests skipped for want of a free slot.</summary>
    public (int Opened, int Taken, int Skipped) Counts => (Volatile.Read(ref _opened), Volatile.Read(ref _taken), Volatile.Read(ref _skipped));

    private sealed class Spare(IDisposable? slot)
    {
        public Task<(Socket? Socket, ProbeFailure? Failure)> Connect { get; set; } = null!;
        public IDisposable? Slot { get; } = slot;
        /// <summary>When its connection was set up, among the pool's (a sequence number); long.MaxValue while it is not.</summary>
        public long Connected = long.MaxValue;
    }

    /// <summary>
    /// The idle connection the server accepted first (set up first; the kernel queues connections in that order), else the
    /// first one opened; null when none is idle. Called under the lock.
    /// </summary>
    private Spare? TakeOldest()
    {
        if (_spares.Count == 0) return null;
        var best = 0;
        for (var i = 1; i < _spares.Count; i++)
            if (Volatile.Read(ref _spares[i].Connected) < Volatile.Read(ref _spares[best].Connected)) best = i;
        var spare = _spares[best];
        _spares.RemoveAt(best);
        return spare;
    }

    /// <summary>A connection for one exchange (or the failure to open it) and the slot it holds until disposed.</summary>
    public sealed class Lease(Socket? socket, ProbeFailure? failure, IDisposable? slot, bool warm) : IDisposable
    {
        public Socket? Socket { get; private set; } = socket;
        public ProbeFailure? Failure { get; private set; } = failure;
        /// <summary>Whether the connection was opened ahead (and may have waited idle).</summary>
        public bool Warm { get; private set; } = warm;

        internal void Replace(Socket? s, ProbeFailure? f)
        {
            Socket?.Dispose();
            (Socket, Failure, Warm) = (s, f, false);
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
                if (_disposed || _serial || _waiting > 0 || _coldStarting > 0) { Interlocked.Add(ref _skipped, count - i); return; }
            IDisposable? slot = null;
            if (gate is not null && (slot = gate.TryEnter()) is null) { Interlocked.Add(ref _skipped, count - i); return; }
            lock (_lock)
            {
                if (_disposed || _serial || _waiting > 0 || _coldStarting > 0)
                {
                    slot?.Dispose();
                    Interlocked.Add(ref _skipped, count - i);
                    return;
                }
                // Listed as it starts (the SYN leaves inside ConnectQuietlyAsync before it returns): a probe that finds no
                // idle connection and opens its own can never have sent its SYN before this one's.
                Interlocked.Increment(ref _opened);
                var spare = new Spare(slot);
                spare.Connect = ConnectQuietlyAsync(spare);
                _spares.Add(spare);
            }
        }
    }

    /// <summary>
    /// Takes the idle connection set up first; when none is idle, reserves the right to open a new one now, before any
    /// connection can be opened ahead (<see cref="ConnectReserved"/> opens it and ends the reservation).
    /// </summary>
    private Spare? TakeOrReserve()
    {
        lock (_lock)
        {
            var spare = TakeOldest();
            if (spare is null) _coldStarting++;
            return spare;
        }
    }

    private Task<(Socket? Socket, ProbeFailure? Failure)> ConnectReserved(CancellationToken ct)
    {
        try { return connector.ConnectAsync(endpoint, ct); }   // the SYN leaves before this returns
        finally { lock (_lock) _coldStarting--; }
    }

    /// <summary>
    /// For a server that seems to serve one connection at a time: closes the idle connections opened ahead (such a server
    /// may be waiting on one of them for a hello that is not coming) and opens none ahead from now on.
    /// </summary>
    public void GoSerial()
    {
        Spare[] idle;
        lock (_lock)
        {
            _serial = true;
            idle = [.. _spares];
            _spares.Clear();
        }
        foreach (var spare in idle) Close(spare);
    }

    /// <summary>A connection opened ahead when there is one, else a slot (waiting for it) and a new connection.</summary>
    public async Task<Lease> AcquireAsync(CancellationToken ct)
    {
        Spare? spare;
        lock (_lock)
            if ((spare = TakeOldest()) is null) _waiting++;
        IDisposable? slot;
        if (spare is not null)
        {
            // Its slot becomes the lease's.
            Interlocked.Increment(ref _taken);
            slot = spare.Slot;
            var (socket, failure) = await spare.Connect.ConfigureAwait(false);
            if (IsIdleAndOpen(socket, failure)) return new Lease(socket, null, slot, true);
            // One deadline: a connection opened ahead that could not be set up was this probe's connect attempt (a server whose
            // backlog is full would make a second attempt wait a second connect deadline).
            if (IsConnectFailure(failure)) return new Lease(null, failure, slot, false);
            // The server closed it (or sent something unasked) while it waited: use another.
            socket?.Dispose();
        }
        else
        {
            try { slot = gate is null ? null : await gate.EnterAsync(ct).ConfigureAwait(false); }
            finally { lock (_lock) _waiting--; }
        }
        try
        {
            var (socket, failure, warm) = await ConnectionForSlotAsync(ct).ConfigureAwait(false);
            return new Lease(socket, failure, slot, warm);
        }
        catch { slot?.Dispose(); throw; }
    }

    /// <summary>
    /// Gives a lease whose connection opened ahead turned out closed by the server another connection: an idle one opened
    /// ahead (older than a new one), else a new one.
    /// </summary>
    public async Task ReconnectAsync(Lease lease, CancellationToken ct)
    {
        // The dead connection is closed first: until it is, it still counts against the lease's slot, and opening the new
        // one beside it would hold one connection more than the limits allow.
        lease.Replace(null, null);
        var (socket, failure, _) = await ConnectionForSlotAsync(ct).ConfigureAwait(false);
        lease.Replace(socket, failure);
    }

    /// <summary>
    /// A connection for a probe that holds a slot already: the idle connection opened ahead that was set up first (older than
    /// a new one would be; its own slot is released), else a new one.
    /// </summary>
    private async Task<(Socket? Socket, ProbeFailure? Failure, bool Warm)> ConnectionForSlotAsync(CancellationToken ct)
    {
        while (TakeOrReserve() is { } spare)
        {
            Interlocked.Increment(ref _taken);
            var (s, f) = await spare.Connect.ConfigureAwait(false);
            // The caller's slot covers the connection it takes; the spare's own slot is freed only once a dead spare is
            // closed, or another probe could open a connection beside it and exceed the limits for a moment.
            if (IsIdleAndOpen(s, f)) { spare.Slot?.Dispose(); return (s, null, true); }
            s?.Dispose();
            spare.Slot?.Dispose();
            if (IsConnectFailure(f)) return (null, f, false);
        }
        var opened = connector.Time.GetTimestamp();
        var (socket, failure) = await ConnectReserved(ct).ConfigureAwait(false);
        NoteConnect(opened);
        return (socket, failure, false);
    }

    /// <summary>The set-up failed (refused, unreachable, no answer to the SYN), as opposed to a connection closed after it was set up.</summary>
    private static bool IsConnectFailure(ProbeFailure? failure) => failure is ProbeFailure.Refused or ProbeFailure.Timeout { Stage: ProbeStage.Connect };

    /// <summary>A connection opened ahead that is still usable: set up, and nothing (a close, or bytes unasked) arrived while it waited.</summary>
    private static bool IsIdleAndOpen(Socket? socket, ProbeFailure? failure) =>
        failure is null && socket is not null && !socket.Poll(0, SelectMode.SelectRead);

    private void NoteConnect(long openedAt)
    {
        var ticks = connector.Time.GetElapsedTime(openedAt).Ticks;
        long seen;
        while (ticks > (seen = Volatile.Read(ref _slowestConnectTicks)) && Interlocked.CompareExchange(ref _slowestConnectTicks, ticks, seen) != seen) { }
    }

    private async Task<(Socket? Socket, ProbeFailure? Failure)> ConnectQuietlyAsync(Spare spare)
    {
        var opened = connector.Time.GetTimestamp();
        try
        {
            var result = await connector.ConnectAsync(endpoint, _closing.Token).ConfigureAwait(false);
            Volatile.Write(ref spare.Connected, Interlocked.Increment(ref _connectedSequence));
            if (result.Socket is not null) NoteConnect(opened);
            return result;
        }
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
