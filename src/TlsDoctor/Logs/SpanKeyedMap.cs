using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace TlsDoctor.Logs;

/// <summary>
/// A dictionary keyed by a log field's UTF-8 bytes and looked up with the field's span: a key is copied (and its text
/// made) only the first time a value is seen, so counting a field costs no allocation per line. Hashing is
/// <see cref="HashCode"/>'s per-process randomised one: client IPs come from outside. Not thread-safe (one per worker).
/// </summary>
internal sealed class SpanKeyedMap<TValue>
{
    private readonly Dictionary<byte[], Entry> _map = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], Entry>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    // Most fields take a handful of values (protocols, ciphers, listeners): the first few keys are compared directly,
    // which is cheaper than hashing them on every line, and by their length and first and last 8 bytes, which for a
    // key of up to 16 bytes is the whole key (no comparison of bytes is then needed at all).
    private const int RecentLimit = 6;
    private readonly Recent[] _recent = new Recent[RecentLimit];
    private int _recentCount;

    private sealed record Entry(string Text, TValue Value);

    private struct Recent
    {
        public ulong Head, Tail;
        public int Length;
        public byte[] Key;
        public Entry Entry;
    }

    public SpanKeyedMap() => _lookup = _map.GetAlternateLookup<ReadOnlySpan<byte>>();

    public int Count => _map.Count;

    /// <summary>The keys as text (UTF-8 decoded, invalid bytes replaced) with their values.</summary>
    public IEnumerable<KeyValuePair<string, TValue>> Entries => _map.Values.Select(e => KeyValuePair.Create(e.Text, e.Value));

    /// <summary>The value for the field, created by <paramref name="create"/> (given the field's text) on first sight.</summary>
    public TValue GetOrAdd(ReadOnlySpan<byte> utf8, Func<string, TValue> create)
    {
        var (head, tail) = Fingerprint(utf8);
        var recent = _recent;
        for (var i = 0; i < _recentCount && i < recent.Length; i++)
        {
            ref var r = ref recent[i];
            if (r.Head == head && r.Tail == tail && r.Length == utf8.Length && (utf8.Length <= 16 || utf8.SequenceEqual(r.Key))) return r.Entry.Value;
        }
        if (_lookup.TryGetValue(utf8, out var found)) return found.Value;
        var text = Encoding.UTF8.GetString(utf8);
        var entry = new Entry(text, create(text));
        var key = utf8.ToArray();
        _map[key] = entry;
        if (_recentCount < RecentLimit) _recent[_recentCount++] = new Recent { Head = head, Tail = tail, Length = key.Length, Key = key, Entry = entry };
        return entry.Value;
    }

    /// <summary>The first and last 8 bytes (4 for shorter keys, all bytes for keys under 4): with the length, the whole key up to 16 bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ulong Head, ulong Tail) Fingerprint(ReadOnlySpan<byte> key)
    {
        ref var first = ref MemoryMarshal.GetReference(key);
        if (key.Length >= 8) return (Unsafe.ReadUnaligned<ulong>(ref first), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, key.Length - 8)));
        if (key.Length >= 4) return (Unsafe.ReadUnaligned<uint>(ref first), Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref first, key.Length - 4)));
        ulong all = 0;
        foreach (var b in key) all = all << 8 | b;
        return (all, 0);
    }

    private sealed class ByteKeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly ByteKeyComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);
        public int GetHashCode(byte[] key) => Hash(key);
        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);
        public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);
        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

        private static int Hash(ReadOnlySpan<byte> bytes)
        {
            var hash = new HashCode();
            hash.AddBytes(bytes);
            return hash.ToHashCode();
        }
    }
}
