using System.Collections.Concurrent;

namespace TlsDoctor.Emulator;

/// <summary>Thread-safe counters of connections by outcome and by failure reason.</summary>
public sealed class EmulatorStatistics
{
    private readonly ConcurrentDictionary<ConnectionOutcome, long> _byOutcome = new();
    private readonly ConcurrentDictionary<string, long> _byReason = new(StringComparer.Ordinal);
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public void Add(ConnectionRecord record)
    {
        Interlocked.Increment(ref _total);
        _byOutcome.AddOrUpdate(record.Outcome, 1, (_, n) => n + 1);
        if (record.Reason is { } reason) _byReason.AddOrUpdate(reason, 1, (_, n) => n + 1);
    }

    public EmulatorStatisticsSnapshot Snapshot() => new(
        Total,
        _byOutcome.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Select(kv => new OutcomeCount(kv.Key, kv.Value)).ToArray(),
        _byReason.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new ReasonCount(kv.Key, kv.Value)).ToArray());
}
