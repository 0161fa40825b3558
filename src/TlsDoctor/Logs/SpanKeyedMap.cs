using System.Text;

namespace TlsDoctor.Logs;

/// <summary>
/// A dictionary keyed by log field text that is looked up with the field's UTF-8 bytes: a string is made only the
/// first time a value is seen, so counting a field costs no allocation per line. Not thread-safe (one per worker).
/// </summary>
internal sealed class SpanKeyedMap<TValue>
{
    private const int StackLimit = 256;
    private readonly Dictionary<string, TValue> _map = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TValue>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public SpanKeyedMap() => _lookup = _map.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => _map.Count;

    public IEnumerable<KeyValuePair<string, TValue>> Entries => _map;

    /// <summary>The value for the field's text, created by <paramref name="create"/> (given the text) on first sight.</summary>
    public TValue GetOrAdd(ReadOnlySpan<byte> utf8, Func<string, TValue> create)
    {
        if (utf8.Length <= StackLimit)
        {
            Span<char> chars = stackalloc char[StackLimit];
            var n = Encoding.UTF8.GetChars(utf8, chars);
            if (_lookup.TryGetValue(chars[..n], out var found)) return found;
            var key = new string(chars[..n]);
            var value = create(key);
            _map[key] = value;
            return value;
        }
        var text = Encoding.UTF8.GetString(utf8);
        if (!_map.TryGetValue(text, out var existing)) _map[text] = existing = create(text);
        return existing;
    }
}
