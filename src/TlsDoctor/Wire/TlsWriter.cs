using System.Buffers.Binary;

namespace TlsDoctor.Wire;

/// <summary>
/// Appends TLS presentation-language data to a growing buffer. Length prefixes are scopes
/// (<see cref="Vector8"/>, <see cref="Vector16"/>, <see cref="Vector24"/>) that reserve the prefix and
/// back-patch it on dispose; closing a scope out of order or overflowing its width throws
/// (that is a bug in the caller, not bad input).
/// </summary>
public sealed class TlsWriter
{
    private byte[] _buffer;
    private int _length;
    private int _openScopes;

    public TlsWriter(int capacity = 512) => _buffer = new byte[Math.Max(16, capacity)];

    public int Length => _length;
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);
    public byte[] ToArray() => WrittenSpan.ToArray();

    /// <summary>Empties the writer for reuse; all scopes must be closed.</summary>
    public void Reset()
    {
        if (_openScopes != 0) throw new InvalidOperationException("cannot reset a TlsWriter with open length scopes");
        _length = 0;
    }

    public void WriteUInt8(byte value) => Grow(1)[0] = value;
    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Grow(2), value);

    public void WriteUInt24(int value)
    {
        if ((uint)value > 0xFFFFFF) throw new ArgumentOutOfRangeException(nameof(value), "does not fit in 24 bits");
        var s = Grow(3);
        s[0] = (byte)(value >> 16); s[1] = (byte)(value >> 8); s[2] = (byte)value;
    }

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Grow(4), value);
    public void WriteBytes(ReadOnlySpan<byte> value) => value.CopyTo(Grow(value.Length));

    /// <summary>Writes <paramref name="count"/> zero bytes.</summary>
    public void WriteZeros(int count) => Grow(count).Clear();

    /// <summary>A vector with a one-byte length prefix: <c>&lt;0..2^8-1&gt;</c>.</summary>
    public LengthScope Vector8() => Open(1);
    /// <summary>A vector with a two-byte length prefix: <c>&lt;0..2^16-1&gt;</c>.</summary>
    public LengthScope Vector16() => Open(2);
    /// <summary>A vector with a three-byte length prefix: <c>&lt;0..2^24-1&gt;</c>.</summary>
    public LengthScope Vector24() => Open(3);

    public void WriteVector8(ReadOnlySpan<byte> value) { using (Vector8()) WriteBytes(value); }
    public void WriteVector16(ReadOnlySpan<byte> value) { using (Vector16()) WriteBytes(value); }
    public void WriteVector24(ReadOnlySpan<byte> value) { using (Vector24()) WriteBytes(value); }

    private LengthScope Open(int width)
    {
        var start = _length;
        Grow(width);
        _openScopes++;
        return new LengthScope(this, start, width, _openScopes);
    }

    internal void Close(int start, int width, int depth)
    {
        if (depth != _openScopes) throw new InvalidOperationException("length scopes closed out of order");
        if (start + width > _length) throw new InvalidOperationException("length scope closed after the writer was reset");
        var length = _length - start - width;
        var max = width switch { 1 => 0xFF, 2 => 0xFFFF, _ => 0xFFFFFF };
        if (length > max) throw new InvalidOperationException($"vector of {length} bytes overflows a {width}-byte length");
        var s = _buffer.AsSpan(start, width);
        for (var i = width - 1; i >= 0; i--) { s[i] = (byte)length; length >>= 8; }
        _openScopes--;
    }

    private Span<byte> Grow(int count)
    {
        if (_length + count > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        var s = _buffer.AsSpan(_length, count);
        _length += count;
        return s;
    }

    /// <summary>An open length prefix; dispose to back-patch it.</summary>
    public struct LengthScope : IDisposable
    {
        private readonly TlsWriter? _writer;
        private readonly int _start, _width, _depth;
        private bool _closed;

        internal LengthScope(TlsWriter writer, int start, int width, int depth)
        {
            _writer = writer; _start = start; _width = width; _depth = depth; _closed = false;
        }

        public void Dispose()
        {
            if (_closed || _writer is null) return;
            _closed = true;
            _writer.Close(_start, _width, _depth);
        }
    }
}
