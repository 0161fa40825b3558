using System.Net;

namespace TlsDoctor.Scanning;

/// <summary>
/// The per-endpoint connection limit of one engine, shared by every target that resolves to the same endpoint (a
/// duplicate line, several host names or server names on one address): the server sees at most that many connections at
/// once, not that many per target. An endpoint's entry lives while a scan of it runs or a connection of it is still being
/// closed (connections opened ahead are closed after their scan ends), so a run keeps no state for finished endpoints.
/// </summary>
internal sealed class EndpointBudgets(int perEndpoint)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<IPEndPoint, Entry> _entries = [];

    private sealed class Entry(int slots)
    {
        public SemaphoreSlim Slots { get; } = new(slots);
        public int Scans;
    }

    /// <summary>The endpoint's slots, for one scan of it; <see cref="Exit"/> when that scan ends.</summary>
    public SemaphoreSlim Enter(IPEndPoint endpoint)
    {
        lock (_lock)
        {
            // Entries of finished scans whose connections have all been closed since.
            foreach (var (key, idle) in _entries)
                if (idle.Scans == 0 && idle.Slots.CurrentCount == perEndpoint) _entries.Remove(key);
            if (!_entries.TryGetValue(endpoint, out var entry)) _entries[endpoint] = entry = new Entry(perEndpoint);
            entry.Scans++;
            return entry.Slots;
        }
    }

    public void Exit(IPEndPoint endpoint)
    {
        lock (_lock)
        {
            var entry = _entries[endpoint];
            if (--entry.Scans == 0 && entry.Slots.CurrentCount == perEndpoint) _entries.Remove(endpoint);
        }
    }
}
