using TlsDoctor.Capture;
using TlsDoctor.Cli.Json;

namespace TlsDoctor.Cli.Commands;

/// <summary>Catalog verdicts for captured clients (--policy, "accepted by N of M AWS policies").</summary>
public sealed class CaptureVerdicts
{
    private CaptureVerdicts() { }

    public static CaptureVerdicts For(string? policy)
    {
        if (policy is not null) throw new UsageException("--policy is not available in this build: the policy catalog is missing");
        return new CaptureVerdicts();
    }

    public CaptureVerdictJson? Evaluate(CapturedHello hello) => null;
}
