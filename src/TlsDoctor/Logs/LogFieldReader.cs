namespace TlsDoctor.Logs;

/// <summary>
/// Splits one log line into fields: separated by single spaces, a field starting with '"' runs to the next '"'
/// followed by a space or the end of the line and may hold spaces (log-formats.md 0). Allocates nothing.
/// </summary>
internal ref struct LogFieldReader(ReadOnlySpan<byte> line)
{
    private readonly ReadOnlySpan<byte> _line = line;
    private int _position;

    public int Count { get; private set; }

    public bool AtEnd => _position > _line.Length;

    /// <summary>The next field, quotes removed; false at the end of the line or at a quoted field that never closes.</summary>
    public bool TryNext(out ReadOnlySpan<byte> field, out bool quoted)
    {
        field = default;
        quoted = false;
        if (_position > _line.Length) return false;
        var rest = _line[_position..];
        if (rest.Length > 0 && rest[0] == (byte)'"')
        {
            // The closing quote is one followed by a space or the end: NLB's ALPN list ("h2","http/1.1") has quotes inside.
            var search = 1;
            while (true)
            {
                var q = rest[search..].IndexOf((byte)'"');
                if (q < 0) { _position = _line.Length + 1; return false; }
                var close = search + q;
                if (close + 1 == rest.Length || rest[close + 1] == (byte)' ')
                {
                    field = rest[1..close];
                    quoted = true;
                    _position += close + 2;
                    Count++;
                    return true;
                }
                search = close + 1;
            }
        }
        var space = rest.IndexOf((byte)' ');
        if (space < 0) { field = rest; _position = _line.Length + 1; }
        else { field = rest[..space]; _position += space + 1; }
        Count++;
        return true;
    }

    public bool TryNext(out ReadOnlySpan<byte> field) => TryNext(out field, out _);

    /// <summary>Skips <paramref name="count"/> fields; false when the line ends first.</summary>
    public bool Skip(int count)
    {
        for (var i = 0; i < count; i++)
            if (!TryNext(out _)) return false;
        return true;
    }
}
