using System.Net;
using CsCheck;
using TlsDoctor.Scanning;
using static TlsDoctor.Tests.Scanning.ScriptedConnections;

namespace TlsDoctor.Tests.Scanning;

/// <summary>
/// The connection limits at every instant, as the network sees them: the sockets the pools have opened (set-up started)
/// and not yet closed, per endpoint and over all endpoints, never exceed the per-endpoint and global limits, whatever the
/// set-up delays, failures, connections dead on arrival or closed by the server while idle, slow closes, cancellations,
/// and whichever probe takes which connection opened ahead.
/// </summary>
public sealed class ConnectionPoolLimitTests
{
    private static readonly IPEndPoint Endpoint = new(IPAddress.Loopback, 1);

    /// <summary>One probe's connection: lease it, maybe replace it as if the server had closed it, hold it, drop it.</summary>
    internal readonly record struct Probe(bool Ahead, bool Reconnect, int HoldMs, int CancelAfterMs)
    {
        public override string ToString() => $"{(Ahead ? "ahead " : "")}{(Reconnect ? "reconnect " : "")}hold {HoldMs}{(CancelAfterMs >= 0 ? $" cancel {CancelAfterMs}" : "")}";
    }

    /// <summary>What one endpoint's scan does: connections opened ahead first, probes run by several workers, and maybe a switch to serial.</summary>
    internal readonly record struct EndpointPlan(int Prewarm, int Workers, Probe[] Probes, int SerialAfter)
    {
        public override string ToString() => $"prewarm {Prewarm}, {Workers} workers, serial after {SerialAfter}: [{string.Join("; ", Probes)}]";
    }

    internal sealed record Schedule(int Global, int PerEndpoint, EndpointPlan[] Endpoints, Step[] Script)
    {
        public override string ToString() =>
            $"global {Global}, per endpoint {PerEndpoint}, script [{string.Join(", ", Script)}]\n  {string.Join("\n  ", Endpoints)}";
    }

    private static readonly Gen<Step> GenStep = Gen.Select(Gen.Int[0, 3], Gen.Frequency(
            (8, Gen.Const(Outcome.Open)), (2, Gen.Const(Outcome.DeadOnArrival)), (2, Gen.Const(Outcome.DiesIdle)),
            (1, Gen.Const(Outcome.Refused)), (1, Gen.Const(Outcome.ConnectTimeout))), Gen.Int[0, 2])
        .Select((delay, outcome, close) => new Step(delay, outcome, close));

    private static readonly Gen<Probe> GenProbe = Gen.Select(Gen.Bool, Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[0, 9])
        .Select((ahead, reconnect, hold, cancel) => new Probe(ahead, reconnect == 0, hold, cancel < 8 ? -1 : cancel - 8));

    private static readonly Gen<EndpointPlan> GenPlan = Gen.Select(Gen.Int[0, 8], Gen.Int[1, 6], GenProbe.Array[1, 14], Gen.Int[-1, 14])
        .Select((prewarm, workers, probes, serial) => new EndpointPlan(prewarm, workers, probes, serial));

    private static readonly Gen<Schedule> GenSchedule = Gen.Select(Gen.Int[1, 7], Gen.Int[1, 5], GenPlan.Array[1, 3], GenStep.Array[1, 12])
        .Select((global, perEndpoint, plans, script) => new Schedule(global, perEndpoint, plans, script));

    [Fact]
    public async Task Limits_hold_at_every_instant_over_random_schedules() =>
        await GenSchedule.SampleAsync(async schedule =>
        {
            var (violations, _) = await RunAsync(schedule);
            Assert.True(violations.Count == 0, string.Join("\n", violations));
        }, iter: 150, threads: 1, print: s => s.ToString());

    /// <summary>
    /// A probe whose connection opened ahead turns out closed by the server takes another while holding its one slot: the
    /// dead one must be closed first. At a limit of one connection, any other order holds two at once.
    /// </summary>
    [Fact]
    public async Task A_dead_connection_is_closed_before_its_replacement_is_opened()
    {
        var schedule = new Schedule(1, 1, [new EndpointPlan(1, 1, [new Probe(false, true, 0, -1)], -1)],
            [new Step(0, Outcome.Open, 2)]);
        var (violations, connections) = await RunAsync(schedule);
        // The connection opened ahead and its replacement: the scenario ran as written.
        Assert.Equal(2, connections.Calls);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    /// <summary>
    /// The global limit is reached when several endpoints open connections ahead at once (so the checks above see a busy
    /// pool, not one that never fills), and the spares no probe took are all closed when the pools are disposed.
    /// </summary>
    [Fact]
    public async Task Connections_opened_ahead_fill_the_global_limit_and_are_closed_at_the_end()
    {
        var schedule = new Schedule(5, 3,
            [new EndpointPlan(8, 1, [new Probe(false, false, 5, -1)], -1), new EndpointPlan(8, 1, [new Probe(false, false, 5, -1)], -1)],
            [new Step(0, Outcome.Open, 0)]);
        var (violations, connections) = await RunAsync(schedule);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        Assert.Equal(5, connections.MaxOpen);
    }

    /// <summary>
    /// A connection opened ahead may be closed after the run that owned the global budget has ended and disposed it; its
    /// endpoint's slot, which the next run on that endpoint shares, still comes back.
    /// </summary>
    [Fact]
    public void A_slot_released_after_its_run_ended_still_returns_the_endpoints_slot()
    {
        var global = new SemaphoreSlim(1);
        using var perEndpoint = new SemaphoreSlim(1);
        var slot = new BoundedGate(global, perEndpoint).TryEnter();
        Assert.NotNull(slot);
        global.Dispose();
        slot.Dispose();
        Assert.Equal(1, perEndpoint.CurrentCount);
    }

    /// <summary>
    /// Runs the schedule: one pool per endpoint (its own per-endpoint semaphore, one global semaphore for all), every
    /// endpoint's workers taking its probes in turn; then disposes the pools and waits until every socket is closed and
    /// every slot is back.
    /// </summary>
    private static async Task<(IReadOnlyList<string> Violations, ScriptedConnections Connections)> RunAsync(Schedule schedule)
    {
        using var connections = new ScriptedConnections(schedule.PerEndpoint, schedule.Global, schedule.Script);
        using var global = new SemaphoreSlim(schedule.Global);
        var perEndpoint = schedule.Endpoints.Select(_ => new SemaphoreSlim(schedule.PerEndpoint)).ToArray();
        var pools = schedule.Endpoints.Select((_, i) =>
            new ConnectionPool(connections.ConnectorFor(i), Endpoint, new BoundedGate(global, perEndpoint[i]))).ToArray();
        try
        {
            await Task.WhenAll(schedule.Endpoints.Select((plan, i) => Task.Run(() => RunEndpointAsync(pools[i], plan))))
                .WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            foreach (var pool in pools) pool.Dispose();
        }
        // A hang guard, not a time limit: closes are scheduled by Dispose and finish within milliseconds.
        await connections.AllClosed.WaitAsync(TimeSpan.FromSeconds(60));
        await WaitForAsync(() => global.CurrentCount == schedule.Global && perEndpoint.All(s => s.CurrentCount == schedule.PerEndpoint),
            () => $"slots not returned: global {global.CurrentCount} of {schedule.Global}, per endpoint {string.Join(",", perEndpoint.Select(s => s.CurrentCount))} of {schedule.PerEndpoint}");
        foreach (var s in perEndpoint) s.Dispose();
        return (connections.Violations, connections);
    }

    private static async Task RunEndpointAsync(ConnectionPool pool, EndpointPlan plan)
    {
        pool.Prewarm(plan.Prewarm);
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, plan.Workers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < plan.Probes.Length)
            {
                if (i == plan.SerialAfter) pool.GoSerial();
                await RunProbeAsync(pool, plan.Probes[i]);
            }
        })));
    }

    private static async Task RunProbeAsync(ConnectionPool pool, Probe probe)
    {
        using var cancel = new CancellationTokenSource();
        if (probe.CancelAfterMs >= 0) cancel.CancelAfter(probe.CancelAfterMs);
        try
        {
            using var lease = await pool.AcquireAsync(cancel.Token);
            // As a probe of a chain does: the next probe's connection is opened while this one's hello is in flight.
            if (probe.Ahead) pool.Prewarm(1);
            if (probe.Reconnect && lease.Socket is not null) await pool.ReconnectAsync(lease, cancel.Token);
            if (probe.HoldMs > 0) await Task.Delay(probe.HoldMs, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested) { }
    }

    private static async Task WaitForAsync(Func<bool> condition, Func<string> describe)
    {
        var limit = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > limit) throw new TimeoutException(describe());
            await Task.Delay(1);
        }
    }
}
