using TlsDoctor.Negotiation;

namespace TlsDoctor.Diagnosis;

/// <summary>Scans an endpoint and reports what it accepts, in the shape Identify compares with the catalog.</summary>
public interface IEndpointSurvey
{
    Task<SurveyResult> SurveyAsync(string host, int port, string? serverName, CancellationToken cancellationToken);
}
