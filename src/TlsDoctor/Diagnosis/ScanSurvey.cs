using TlsDoctor.Negotiation;
using TlsDoctor.Scanning;

namespace TlsDoctor.Diagnosis;

/// <summary>The endpoint survey of `diagnose`: a full scan (Scanning.ScanEngine) folded into one observation for Identify.</summary>
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
        var perCertificate = ScanPolicy.From(scan);
        if (perCertificate.Count == 0) return new SurveyResult(null, "no TLS protocol version accepted", scan.Notes) { Scan = scan };

        // One observation for all certificate types: suites in the order seen, the first certificate type's list first.
        var suites = new List<ushort>();
        foreach (var (_, policy) in perCertificate)
            foreach (var s in policy.CipherSuites)
                if (!suites.Contains(s)) suites.Add(s);
        var first = perCertificate[0].Policy;
        var observation = new ServerObservation
        {
            Versions = first.Versions,
            CipherSuites = suites,
            Certificates = perCertificate.Select(p => p.Kind).Distinct().ToList(),
            ServerOrder = perCertificate.All(p => p.Policy.ServerOrder),
            Groups = first.Groups,
        };
        return new SurveyResult(observation, null, scan.Notes) { Scan = scan };
    }
}
