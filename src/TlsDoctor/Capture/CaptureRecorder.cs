using System.Threading.Channels;

namespace TlsDoctor.Capture;

/// <summary>
/// The single writer between capture sources and the store: decodes and fingerprints each observed hello, commits rows
/// in batches (one transaction per batch, at most <see cref="MaxBatch"/> rows), and only then tells the observer. A row
/// the observer has seen is therefore already durable. Sources wait when more than <see cref="QueueCapacity"/> hellos are
/// queued, which bounds memory under load.
/// </summary>
public sealed class CaptureRecorder : IAsyncDisposable
{
    public const int MaxBatch = 512;
    public const int QueueCapacity = 4096;

    private readonly Channel<RawHello> _queue = Channel.CreateBounded<RawHello>(new BoundedChannelOptions(QueueCapacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly CaptureStore? _store;
    private readonly ICaptureObserver _observer;
    private readonly Task _writer;
    private long _recorded;

    public CaptureRecorder(CaptureStore? store, ICaptureObserver observer)
    {
        _store = store;
        _observer = observer;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Rows committed and reported so far.</summary>
    public long Recorded => Interlocked.Read(ref _recorded);

    /// <summary>Completes when the queue is drained after <see cref="Complete"/>; faults if the store fails.</summary>
    public Task Completion => _writer;

    public ValueTask AddAsync(RawHello hello, CancellationToken cancellationToken = default) =>
        _queue.Writer.WriteAsync(hello, cancellationToken);

    /// <summary>No more hellos will come; <see cref="Completion"/> finishes once the queue is written.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>Synchronous path for file input: analyze, store and report a batch at once.</summary>
    public void Write(IReadOnlyList<RawHello> batch)
    {
        var rows = batch.Select(HelloAnalyzer.Analyze).ToList();
        var stored = _store is null ? rows : _store.Append(rows);
        foreach (var row in stored)
        {
            Interlocked.Increment(ref _recorded);
            _observer.OnRecorded(row);
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<RawHello>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var hello)) batch.Add(hello);
                Write(batch);
                batch.Clear();
            }
        }
        catch (Exception e)
        {
            // Sources must not wait on a queue nobody drains any more.
            _queue.Writer.TryComplete(e);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Complete();
        await _writer.ConfigureAwait(false);
    }
}
