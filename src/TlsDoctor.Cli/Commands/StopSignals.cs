using System.Runtime.InteropServices;

namespace TlsDoctor.Cli.Commands;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM end a long-running listener (serve, capture) cleanly: the source is cancelled, the
/// command flushes what it holds (final counters, the capture database) and exits 0 instead of being killed.
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    public StopSignals(CancellationTokenSource stop)
    {
        void Stop(PosixSignalContext context) { context.Cancel = true; stop.Cancel(); }
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    }

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
    }
}
