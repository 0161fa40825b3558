using TlsDoctor.Diagnosis;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;
using TlsDoctor.Scanning;

namespace TlsDoctor.Reports;

/// <summary>
/// Everything a report shows, computed once by <see cref="ReportBuilder"/> and rendered by the HTML and Markdown
/// renderers. Sections that need more input (the scan, the diff) are null when that input is missing; later
/// sections (load-balancer logs, AWS listener) plug in the same way.
/// </summary>
public sealed record Report
{
    public required string Endpoint { get; init; }
    public string? Address { get; init; }
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>The policy the endpoint enforces, as far as known; null when nothing in the catalog resembles the scan.</summary>
    public ServerPolicy? CurrentPolicy { get; init; }

    /// <summary>How the current policy is known: "identified by a scan", "closest catalog policy to the scan", "stated".</summary>
    public required string PolicyOrigin { get; init; }

    /// <summary>Catalog policies indistinguishable from the endpoint from outside (identify's exact matches).</summary>
    public IReadOnlyList<string> EquivalentPolicies { get; init; } = [];

    public required string LoadBalancer { get; init; }
    public required IReadOnlyCollection<CertificateKind> Certificates { get; init; }

    /// <summary>Each client against the endpoint (predicted, and the live answer when hellos were sent).</summary>
    public required IReadOnlyList<ClientDiagnosis> Clients { get; init; }

    public int FailingClients => Clients.Count(c => c.Fails);

    /// <summary>Whether the clients' hellos were sent to the endpoint (false: the outcome is the simulator's prediction).</summary>
    public required bool Live { get; init; }

    /// <summary>The most secure policy admitting every client, with its AWS CLI command; its Policy is null when none does.</summary>
    public Recommendation? Recommendation { get; init; }

    /// <summary>The full scan; null when the policy was stated rather than scanned.</summary>
    public ScanResult? Scan { get; init; }

    public required CompatibilityGrid Grid { get; init; }

    /// <summary>Current → recommended; null when either is missing or they are the same policy.</summary>
    public PolicyDifference? Diff { get; init; }

    public IReadOnlyList<string> Notes { get; init; } = [];
}
