using System.Diagnostics;

namespace TlsDoctor.Cli.Commands;

/// <summary>
/// With TLSDOCTOR_TRACE=1: one line per phase of a command on stderr (milliseconds in the phase and since the process
/// started, and the memory the phase allocated: at start-up every fresh page costs time).
/// </summary>
internal sealed class PhaseTrace(TextWriter trace)
{
    private readonly DateTime _processStart = Process.GetCurrentProcess().StartTime.ToUniversalTime();
    private TimeSpan _last;
    private long _allocated;

    public void Mark(string phase)
    {
        var now = DateTime.UtcNow - _processStart;
        var allocated = GC.GetTotalAllocatedBytes();
        trace.WriteLine($"phase {phase}: {(now - _last).TotalMilliseconds:F0} ms (at {now.TotalMilliseconds:F0} ms), {(allocated - _allocated) / 1024} KiB allocated");
        _last = now;
        _allocated = allocated;
    }
}
