using TlsDoctor.Scanning;

namespace TlsDoctor.Cli.Rendering;

/// <summary>A one-line progress display on stderr for multi-target scans on a terminal.</summary>
public sealed class TerminalProgress(TextWriter error) : IScanProgress
{
    private readonly Lock _lock = new();
    private int _started;
    private int _failed;

    public void Started(ScanTarget target) => Interlocked.Increment(ref _started);

    public void Finished(ScanTarget target, ScanResult result, int done, int total)
    {
        if (result.Failure is not null) Interlocked.Increment(ref _failed);
        lock (_lock)
            error.Write($"\r\u001b[2Kscanned {done}/{total} ({Volatile.Read(ref _started) - done} running, {Volatile.Read(ref _failed)} unreachable) last: {target}");
    }

    public void Clear()
    {
        lock (_lock) error.Write("\r\u001b[2K");
    }
}
