namespace TlsDoctor.Scanning;

/// <summary>Holds a slot in the global connection budget and one in the endpoint's while a connection is open.</summary>
public sealed class BoundedGate(SemaphoreSlim global, SemaphoreSlim perEndpoint)
{
    public async Task<IDisposable> EnterAsync(CancellationToken ct)
    {
        await perEndpoint.WaitAsync(ct).ConfigureAwait(false);
        try { await global.WaitAsync(ct).ConfigureAwait(false); }
        catch { perEndpoint.Release(); throw; }
        return new Release(global, perEndpoint);
    }

    /// <summary>Takes a slot only when one is free at once and nobody is waiting for one (for optional connections).</summary>
    public IDisposable? TryEnter()
    {
        if (!perEndpoint.Wait(0)) return null;
        if (global.Wait(0)) return new Release(global, perEndpoint);
        perEndpoint.Release();
        return null;
    }

    private sealed class Release(SemaphoreSlim global, SemaphoreSlim perEndpoint) : IDisposable
    {
        private int _done;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) != 0) return;
            // The endpoint's slot first: it outlives the run (targets on one endpoint share it), while a connection opened
            // ahead can be closed after the run has ended and disposed its global budget.
            perEndpoint.Release();
            try { global.Release(); }
            catch (ObjectDisposedException) { }
        }
    }
}
