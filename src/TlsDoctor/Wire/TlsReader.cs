using System.Buffers.Binary;

namespace TlsDoctor.Wire;

/// <summary>
/// A bounds-checked cursor over TLS presentation-language data (RFC 8446 section 3). Every
/// <c>TryRead…</c> advances only on success and never reads outside its span; vectors return a
/// sub-reader bounded by the vector's length. <see cref="Offset"/> is absolute: a sub-reader keeps
/// counting from the start of the outermost buffer, so errors can name the exact byte.
/// </summary>
public ref struct TlsReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _origin;
    private int _position;

    public TlsReader(ReadOnlySpan<byte> data, int origin = 0)
    {
        _data = data;
        _origin = origin;
        _position = 0;
    }

    /// <summary>Absolute offset of the next unread byte.</summary>
    public readonly int Offset => _origin + _position;

    /// <summary>Position relative to the start of this reader's span.</summary>
    public readonly int Position => _position;

    public readonly int Remaining => _data.Length - _position;
    public readonly bool IsEmpty => _position >= _data.Length;

    /// <summary>The unread bytes (not consumed).</summary>
    public readonly ReadOnlySpan<byte> RemainingSpan => _data[_position..];

    /// <summary>The whole span this reader covers.</summary>
    public readonly ReadOnlySpan<byte> Span => _data;

    public bool TryReadUInt8(out byte value)
    {
        if (Remaining < 1) { value = 0; return false; }
        value = _data[_position++];
        return true;
    }

    public bool TryReadUInt16(out ushort value)
    {
        if (Remaining < 2) { value = 0; return false; }
        value = BinaryPrimitives.ReadUInt16BigEndian(_data[_position..]);
        _position += 2;
        return true;
    }

    public bool TryReadUInt24(out int value)
    {
        if (Remaining < 3) { value = 0; return false; }
        value = _data[_position] << 16 | _data[_position + 1] << 8 | _data[_position + 2];
        _position += 3;
        return true;
    }

    public bool TryReadUInt32(out uint value)
    {
        if (Remaining < 4) { value = 0; return false; }
        value = BinaryPrimitives.ReadUInt32BigEndian(_data[_position..]);
        _position += 4;
        return true;
    }

    public bool TryReadBytes(int count, out ReadOnlySpan<byte> value)
    {
        if (count < 0 || Remaining < count) { value = default; return false; }
        value = _data.Slice(_position, count);
        _position += count;
        return true;
    }

    /// <summary>Reads a sub-reader of exactly <paramref name="count"/> bytes.</summary>
    public bool TryReadReader(int count, out TlsReader value)
    {
        var start = Offset;
        if (!TryReadBytes(count, out var bytes)) { value = default; return false; }
        value = new TlsReader(bytes, start);
        return true;
    }

    /// <summary>An opaque vector with a one-byte length: <c>opaque x&lt;0..2^8-1&gt;</c>.</summary>
    public bool TryReadVector8(out TlsReader value)
    {
        var save = _position;
        if (TryReadUInt8(out var n) && TryReadReader(n, out value)) return true;
        _position = save;
        value = default;
        return false;
    }

    /// <summary>An opaque vector with a two-byte length: <c>opaque x&lt;0..2^16-1&gt;</c>.</summary>
    public bool TryReadVector16(out TlsReader value)
    {
        var save = _position;
        if (TryReadUInt16(out var n) && TryReadReader(n, out value)) return true;
        _position = save;
        value = default;
        return false;
    }

    /// <summary>An opaque vector with a three-byte length: <c>opaque x&lt;0..2^24-1&gt;</c>.</summary>
    public bool TryReadVector24(out TlsReader value)
    {
        var save = _position;
        if (TryReadUInt24(out var n) && TryReadReader(n, out value)) return true;
        _position = save;
        value = default;
        return false;
    }

    public bool TryReadVector8(out ReadOnlySpan<byte> value)
    {
        if (TryReadVector8(out TlsReader r)) { value = r.Span; return true; }
        value = default;
        return false;
    }

    public bool TryReadVector16(out ReadOnlySpan<byte> value)
    {
        if (TryReadVector16(out TlsReader r)) { value = r.Span; return true; }
        value = default;
        return false;
    }

    public bool TryReadVector24(out ReadOnlySpan<byte> value)
    {
        if (TryReadVector24(out TlsReader r)) { value = r.Span; return true; }
        value = default;
        return false;
    }

    /// <summary>Consumes and returns every unread byte.</summary>
    public ReadOnlySpan<byte> ReadToEnd()
    {
        var rest = _data[_position..];
        _position = _data.Length;
        return rest;
    }
}
