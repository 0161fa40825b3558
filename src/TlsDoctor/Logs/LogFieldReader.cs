using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TlsDoctor.Logs;

/// <summary>
/// Splits one log line into fields: separated by single spaces, a field starting with '"' runs to the next '"'
/// followed by a space or the end of the line and may hold spaces (log-formats.md 0). Allocates nothing.
/// </summary>
/// <remarks>
/// Fields are short (a port, a protocol, a cipher name), so a search per field spends more on starting the search
/// than on searching: the spaces of 64 bytes of the line at a time are found at once, as one bit each in a mask, and
/// each field's end is then the mask's next set bit. This was the largest cost of reading a log (docs/benchmarks.md).
/// </remarks>
internal ref struct LogFieldReader(ReadOnlySpan<byte> line)
{
    private const int Block = 64;
    private readonly ReadOnlySpan<byte> _line = line;
    private int _position;
    private int _blockStart = int.MinValue / 2; // where the 64 bytes _spaces describes start; none at first
    private ulong _spaces;                      // bit i: _line[_blockStart + i] is a space

    public int Count { get; private set; }

    public bool AtEnd => _position > _line.Length;

    /// <summary>The next field, quotes removed; false at the end of the line or at a quoted field that never closes.</summary>
    /// <remarks>Inlined: a parser calls it a dozen times a line, and the call cost more than finding the field.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryNext(out ReadOnlySpan<byte> field, out bool quoted)
    {
        field = default;
        quoted = false;
        if (_position > _line.Length) return false;
        if (_position < _line.Length && _line[_position] == (byte)'"') return TryNextQuoted(out field, out quoted);
        var end = NextSpace();
        if (end < 0) { field = _line[_position..]; _position = _line.Length + 1; }
        else { field = _line[_position..end]; _position = end + 1; }
        Count++;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryNext(out ReadOnlySpan<byte> field) => TryNext(out field, out _);

    /// <summary>Skips <paramref name="count"/> fields; false when the line ends first.</summary>
    public bool Skip(int count)
    {
        for (var i = 0; i < count; i++)
            if (!TryNext(out _)) return false;
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryNextQuoted(out ReadOnlySpan<byte> field, out bool quoted)
    {
        field = default;
        quoted = false;
        var rest = _line[_position..];
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

    /// <summary>The index of the first space at or after the position; -1 when there is none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int NextSpace()
    {
        var offset = _position - _blockStart;
        if ((uint)offset >= Block)
        {
            LoadBlock(_position);
            offset = 0;
        }
        var rest = _spaces & (ulong.MaxValue << offset);
        while (rest == 0)
        {
            // The field runs past this block: its end is the first space of the next blocks.
            if (_blockStart + Block >= _line.Length) return -1;
            LoadBlock(_blockStart + Block);
            rest = _spaces;
        }
        return _blockStart + BitOperations.TrailingZeroCount(rest);
    }

    /// <summary>Sets <see cref="_spaces"/> for the (up to) 64 bytes of the line from <paramref name="start"/>.</summary>
    private void LoadBlock(int start)
    {
        _blockStart = start;
        var length = _line.Length - start;
        if (length >= Block)
        {
            _spaces = Spaces(ref Unsafe.Add(ref MemoryMarshal.GetReference(_line), start));
            return;
        }
        // The line's last bytes, padded with zeros (not spaces) to a whole block.
        Span<byte> tail = stackalloc byte[Block];
        _line[start..].CopyTo(tail);
        _spaces = Spaces(ref MemoryMarshal.GetReference(tail));
    }

    private static ulong Spaces(ref byte first)
    {
        var space = Vector128.Create((byte)' ');
        return Vector128.Equals(Vector128.LoadUnsafe(ref first), space).ExtractMostSignificantBits()
            | (ulong)Vector128.Equals(Vector128.LoadUnsafe(ref first, 16), space).ExtractMostSignificantBits() << 16
            | (ulong)Vector128.Equals(Vector128.LoadUnsafe(ref first, 32), space).ExtractMostSignificantBits() << 32
            | (ulong)Vector128.Equals(Vector128.LoadUnsafe(ref first, 48), space).ExtractMostSignificantBits() << 48;
    }
}
