namespace TlsDoctor.Capture;

/// <summary>
/// Records the hellos of capture files in batches. The store is opened with the first hello, so files that hold none
/// (garbage, a truncated header) create nothing; stopping keeps the hellos already written.
/// </summary>
public static class PcapRecording
{
    /// <summary>What was read per file and how many hellos were written; <c>StoreOpened</c> is false when no hello was found.</summary>
    public sealed record Result(IReadOnlyList<PcapCapture.FileSummary> Files, long Recorded, bool StoreOpened);

    public static async Task<Result> RecordAsync(IReadOnlyList<string> paths, int maxHelloBytes, Func<CaptureStore> openStore, ICaptureObserver observer,
        CancellationToken stop)
    {
        var capture = new PcapCapture();
        CaptureStore? store = null;
        CaptureRecorder? recorder = null;
        try
        {
            var batch = new List<RawHello>(CaptureRecorder.MaxBatch);
            foreach (var hello in capture.Read(paths, maxHelloBytes))
            {
                batch.Add(hello);
                if (batch.Count >= CaptureRecorder.MaxBatch) { Recorder().Write(batch); batch.Clear(); }
                if (stop.IsCancellationRequested) break;
            }
            if (batch.Count > 0 && !stop.IsCancellationRequested) Recorder().Write(batch);
            if (recorder is not null) await recorder.DisposeAsync().ConfigureAwait(false);
        }
        finally { store?.Dispose(); }
        return new Result(capture.Files, recorder?.Recorded ?? 0, recorder is not null);

        CaptureRecorder Recorder() => recorder ??= new CaptureRecorder(store = openStore(), observer);
    }
}
