using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace TlsDoctor.Logs;

/// <summary>
/// Reads a stream that costs CPU to produce (a gzip decoder) on a thread of its own, a few chunks ahead of the reader,
/// so that inflating and parsing one file run on two cores at once: <see cref="LogScanner"/> uses it when it has
/// fewer files than cores. An exception of the inner stream is rethrown by the read that reaches its place in the
/// stream. The reading thread owns the inner stream and disposes it when it stops; disposing this stream stops it.
/// </summary>
internal sealed class ReadAheadStream : ForwardReadStream
{
    private const int ChunkSize = 256 * 1024, Chunks = 4;
    private readonly Stream _inner;
    private readonly BlockingCollection<Chunk> _full = new(Chunks);
    private readonly BlockingCollection<byte[]> _free = new(Chunks);
    private readonly CancellationTokenSource _stop = new();
    private Chunk? _current;
    private int _offset;
    private bool _ended;
    private ExceptionDispatchInfo? _failed;

    /// <summary>A filled buffer; Length 0 is the end of the stream, or the point where it failed when Error is set.</summary>
    private sealed record Chunk(byte[] Buffer, int Length, ExceptionDispatchInfo? Error);

    public ReadAheadStream(Stream inner)
    {
        _inner = inner;
        for (var i = 0; i < Chunks; i++) _free.Add(new byte[ChunkSize]);
        Task.Factory.StartNew(Produce, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void Produce()
    {
        var token = _stop.Token;
        try
        {
            while (true)
            {
                var buffer = _free.Take(token);
                var length = 0;
                try
                {
                    // Whole chunks: a gzip decoder returns a few KB per read, and every hand-over costs a wake-up.
                    int n;
                    while (length < buffer.Length && (n = _inner.Read(buffer, length, buffer.Length - length)) > 0) length += n;
                }
                catch (Exception e)
                {
                    if (length > 0) _full.Add(new Chunk(buffer, length, null), token);
                    _full.Add(new Chunk([], 0, ExceptionDispatchInfo.Capture(e)), token);
                    return;
                }
                _full.Add(new Chunk(buffer, length, null), token);
                if (length == 0) return;
            }
        }
        catch (OperationCanceledException) { }
        finally
        {
            _inner.Dispose();
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        _failed?.Throw();
        if (_ended || buffer.IsEmpty) return 0;
        while (_current is null || _offset == _current.Length)
        {
            if (_current is not null) _free.Add(_current.Buffer);
            _current = null;
            var next = _full.Take();
            if (next.Error is { } error)
            {
                _failed = error;
                error.Throw();
            }
            if (next.Length == 0) { _ended = true; return 0; }
            _current = next;
            _offset = 0;
        }
        var n = Math.Min(buffer.Length, _current.Length - _offset);
        _current.Buffer.AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _stop.Cancel();
        base.Dispose(disposing);
    }
}
