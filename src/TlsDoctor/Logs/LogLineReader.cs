using System.Buffers;
using System.IO.Compression;

namespace TlsDoctor.Logs;

/// <summary>
/// Reads a log stream line by line into one reused buffer (no string per line), unpacking gzip when the stream starts
/// with gzip's magic bytes whatever its name. A line longer than <see cref="MaxLineLength"/> is skipped and counted.
/// A corrupt gzip stream throws <see cref="InvalidDataException"/> and a failing stream <see cref="IOException"/>:
/// <see cref="LogScanner"/> turns both into a skipped, unreadable file.
/// </summary>
public sealed class LogLineReader : IDisposable
{
    /// <summary>ALB truncates user agents above 8 KB and request lines are bounded likewise; 1 MiB leaves room.</summary>
    public const int MaxLineLength = 1 << 20;

    /// <summary>
    /// Bytes without a line end after which the input is no text log at all (a device such as /dev/zero, a disk image):
    /// reading stops with <see cref="InvalidDataException"/> instead of skipping an endless line.
    /// </summary>
    public const int MaxSkippedRun = 16 * MaxLineLength;

    private const int InitialBuffer = 256 * 1024;
    private readonly Stream _stream;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
    private int _start, _end;
    private bool _eof;

    /// <param name="stream">The log, plain or gzip; disposed with the reader.</param>
    /// <param name="inflateAhead">Inflate gzip on another thread, ahead of the lines read (when a core would otherwise be idle).</param>
    public LogLineReader(Stream stream, bool inflateAhead = false)
    {
        _stream = Unpack(stream, inflateAhead, out var head, out var headLength);
        head.AsSpan(0, headLength).CopyTo(_buffer);
        _end = headLength;
    }

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Lines skipped for being longer than <see cref="MaxLineLength"/> (each still counts in <see cref="LineNumber"/>).</summary>
    public long OverlongLines { get; private set; }

    /// <summary>Set when the line just returned was too long: <paramref name="line"/> is then empty.</summary>
    public bool LastWasOverlong { get; private set; }

    /// <summary>Compressed bytes read from the underlying stream (for progress).</summary>
    public long BytesRead { get; private set; }

    /// <summary>The next line without its "\n" or "\r\n"; false at the end of the stream (a last line without "\n" is returned).</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        var skipping = false;
        long skipped = 0;
        var scanFrom = _start;
        while (true)
        {
            var newline = _buffer.AsSpan(scanFrom, _end - scanFrom).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineEnd = scanFrom + newline;
                var result = _buffer.AsSpan(_start, lineEnd - _start);
                _start = lineEnd + 1;
                if (result.Length > 0 && result[^1] == (byte)'\r') result = result[..^1];
                return Deliver(skipping ? default : result, skipping, out line);
            }
            if (_eof)
            {
                if (_start == _end && !skipping) { line = default; return false; }
                var result = _buffer.AsSpan(_start, _end - _start);
                _start = _end;
                return Deliver(skipping ? default : result, skipping, out line);
            }
            // No newline in the buffered bytes: make room (move the partial line to the front, grow, or drop an overlong line).
            if (_end - _start >= MaxLineLength)
            {
                skipped += _end - _start;
                if (skipped >= MaxSkippedRun)
                    throw new InvalidDataException($"no line end in {MaxSkippedRun / MaxLineLength} MiB: not a load balancer log");
                skipping = true;
                _start = _end = 0;
            }
            else if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            else if (_end == _buffer.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, MaxLineLength * 2));
                Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }
            scanFrom = Math.Max(_start, _end);
            var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0) _eof = true;
            _end += read;
            BytesRead += read;
        }
    }

    private bool Deliver(ReadOnlySpan<byte> result, bool overlong, out ReadOnlySpan<byte> line)
    {
        LineNumber++;
        LastWasOverlong = overlong;
        if (overlong) OverlongLines++;
        line = result;
        return true;
    }

    /// <summary>Wraps the stream in a gzip decoder when its first two bytes are gzip's magic (RFC 1952 2.3.1), keeping the bytes read to look.</summary>
    private static Stream Unpack(Stream stream, bool inflateAhead, out byte[] head, out int headLength)
    {
        head = new byte[2];
        headLength = 0;
        while (headLength < 2)
        {
            var n = stream.Read(head, headLength, 2 - headLength);
            if (n == 0) break;
            headLength += n;
        }
        if (headLength == 2 && head[0] == 0x1F && head[1] == 0x8B)
        {
            var whole = new PrefixedStream(head, stream);
            headLength = 0;
            // Concatenated gzip members (several files joined) are read as one stream.
            var gzip = new GZipStream(whole, CompressionMode.Decompress);
            return inflateAhead ? new ReadAheadStream(gzip) : gzip;
        }
        return stream;
    }

    public void Dispose()
    {
        _stream.Dispose();
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
