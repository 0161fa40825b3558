using TlsDoctor.Negotiation;

namespace TlsDoctor.Diagnosis;

/// <summary>What `tlsdoctor diagnose` (and the demo) asks: which endpoint, which clients, which load-balancer type to recommend for.</summary>
public sealed record DiagnosisRequest
{
    public required string Host { get; init; }
    public required int Port { get; init; }

    /// <summary>SNI for the hellos; defaults to the host when it is a name.</summary>
    public string? ServerName { get; init; }

    /// <summary>The clients to diagnose (profiles, a pasted hello, captured hellos).</summary>
    public required IReadOnlyList<ClientOffer> Clients { get; init; }

    /// <summary>"ALB", "NLB" or "CLB": the policies recommend chooses among.</summary>
    public string LoadBalancer { get; init; } = "ALB";

    /// <summary>The policy the endpoint is known to enforce; skips the scan and identification.</summary>
    public ServerPolicy? AssumedPolicy { get; init; }

    /// <summary>The certificate key types the endpoint serves, when known without a scan.</summary>
    public IReadOnlyCollection<CertificateKind>? Certificates { get; init; }

    /// <summary>False: predict only, send no hello (a report from a saved scan must not reach the network).</summary>
    public bool SendHellos { get; init; } = true;

    /// <summary>
    /// The AWS listener behind the endpoint (diagnose --listener): its configured policy is the one simulated against
    /// (policy source "aws"), the scan only checks it; the fix commands name this listener.
    /// </summary>
    public Aws.AwsTlsListener? Listener { get; init; }

    /// <summary>With <see cref="Listener"/>: false skips the scan (and the hellos) — nothing is sent to the endpoint.</summary>
    public bool Scan { get; init; } = true;

    /// <summary>
    /// Load-balancer logs (diagnose --logs): the recommended policy (or, when no change is needed, the current one) is
    /// checked against the connections they show, through the one what-if there is (Logs.LogWhatIf).
    /// </summary>
    public IReadOnlyList<TlsDoctor.Logs.LogSource> Logs { get; init; } = [];

    /// <summary>Deadline for each connection (connect plus answer).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);
}
