using TlsDoctor.Diagnosis;
using TlsDoctor.Scanning;

namespace TlsDoctor.Reports;

/// <summary>The survey of a scan already made (read back from `scan --json`, or just run by `scan`): no network.</summary>
public sealed class SavedScanSurvey(ScanResult scan) : IEndpointSurvey
{
    public Task<SurveyResult> SurveyAsync(string host, int port, string? serverName, CancellationToken cancellationToken) =>
        Task.FromResult(ScanSurvey.Fold(scan));
}
