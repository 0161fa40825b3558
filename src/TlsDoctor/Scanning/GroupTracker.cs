using TlsDoctor.Registry;

namespace TlsDoctor.Scanning;

/// <summary>
/// Learns TLS ≤ 1.2 groups during suite enumeration at no extra cost: every ECDHE answer names a group
/// (ServerKeyExchange), so the next hello offers only the groups not seen yet. When the server then picks
/// a suite without ECDHE although ECDHE suites remain, the same suites are offered again with every group:
/// a different (ECDHE) choice proves the reduced list held no supported group, so the group list is
/// complete; the same choice means the server simply prefers that suite, and tracking stops (the rest is
/// left to <see cref="GroupEnumerator"/>).
/// </summary>
public sealed class GroupTracker
{
    private readonly List<ushort> _seen = [];

    public IReadOnlyList<ushort> Seen => _seen;

    /// <summary>Every group the server supports has been seen.</summary>
    public bool IsComplete { get; private set; }

    public bool IsActive { get; private set; } = true;

    public static bool IsEcdhe(ushort suite) => CipherSuites.Find(suite) is { Kx: "ECDH" or "ECDHEPSK" };

    /// <summary>The groups to offer next, or null to offer all of them (nothing seen yet).</summary>
    public IReadOnlyList<ushort>? Offer(IReadOnlyList<ushort> all)
    {
        if (_seen.Count == 0) return null;
        var rest = all.Where(g => !_seen.Contains(g)).ToList();
        if (rest.Count == 0) Complete();
        return rest.Count == 0 ? null : rest;
    }

    public void Saw(ushort group)
    {
        if (!_seen.Contains(group)) _seen.Add(group);
    }

    public void Complete() { IsComplete = true; IsActive = false; }

    public void Stop() => IsActive = false;
}
