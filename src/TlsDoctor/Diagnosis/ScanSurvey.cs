using TlsDoctor.Scanning;

namespace TlsDoctor.Diagnosis;

/// <summary>The endpoint survey of `diagnose`: a full scan (Scanning.ScanEngine) folded into one observation by <see cref="ScanObservation.From"/>, as scan and identify do.</summary>
public sealed class ScanSurvey(ScanOptions? options = null) : IEndpointSurvey
{
    public async Task<SurveyResult> SurveyAsync(string host, int port, string? serverName, CancellationToken cancellationToken)
    {
        var engine = new ScanEngine(options ?? new ScanOptions());
        using var global = new SemaphoreSlim(Math.Max(1, (options ?? new ScanOptions()).Concurrency));
        var target = new ScanTarget($"{host}:{port}", host, port, serverName);
        var scan = await engine.ScanOneAsync(target, global, cancellationToken).ConfigureAwait(false);
        return Fold(scan);
    }

    /// <summary>A finished scan (just made, or read back from `scan --json`) as the survey's one observation; the scan is kept for reports.</summary>
    public static SurveyResult Fold(ScanResult scan)
    {
        if (scan.Failure is { } failure) return new SurveyResult(null, failure.Message, scan.Notes, failure) { Scan = scan };
        if (ScanObservation.From(scan) is not { } observation) return new SurveyResult(null, "no TLS protocol version accepted", scan.Notes) { Scan = scan };
        return new SurveyResult(observation, null, [.. scan.Incomplete.Select(i => $"incomplete scan: {i}"), .. scan.Notes])
            { ProtocolViolations = scan.ProtocolViolations, Scan = scan };
    }
}
