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
    // which is cheaper than hashing them on every line.
    private const int RecentLimit = 6;
    private readonly byte[][] _recentKeys = new byte[RecentLimit][];
    private readonly Entry[] _recentEntries = new Entry[RecentLimit];
    private int _recentCount;

    private sealed record Entry(string Text, TValue Value);

    public SpanKeyedMap() => _lookup = _map.GetAlternateLookup<ReadOnlySpan<byte>>();

    public int Count => _map.Count;

    /// <summary>The keys as text (UTF-8 decoded, invalid bytes replaced) with their values.</summary>
    public IEnumerable<KeyValuePair<string, TValue>> Entries => _map.Values.Select(e => KeyValuePair.Create(e.Text, e.Value));

    /// <summary>The value for the field, created by <paramref name="create"/> (given the field's text) on first sight.</summary>
    public TValue GetOrAdd(ReadOnlySpan<byte> utf8, Func<string, TValue> create)
    {
        for (var i = 0; i < _recentCount; i++)
            if (utf8.SequenceEqual(_recentKeys[i])) return _recentEntries[i].Value;
        if (_lookup.TryGetValue(utf8, out var found)) return found.Value;
        var text = Encoding.UTF8.GetString(utf8);
        var entry = new Entry(text, create(text));
        var key = utf8.ToArray();
        _map[key] = entry;
        if (_recentCount < RecentLimit)
        {
            _recentKeys[_recentCount] = key;
            _recentEntries[_recentCount++] = entry;
        }
        return entry.Value;
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
