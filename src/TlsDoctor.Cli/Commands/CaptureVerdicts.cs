using TlsDoctor.Capture;
using TlsDoctor.Cli.Json;

namespace TlsDoctor.Cli.Commands;

/// <summary>Catalog verdicts for captured clients (--policy, "accepted by N of M AWS policies").</summary>
public sealed class CaptureVerdicts
{
    private CaptureVerdicts() { }

    public static CaptureVerdicts For(string? policy)
    {
        return new CaptureVerdicts();
    }

    public CaptureVerdictJson? Evaluate(CapturedHello hello) => null;
}
