using TlsDoctor.Negotiation;

namespace TlsDoctor.Diagnosis;

/// <summary>
/// The troubleshooting routine's result: the endpoint's policy (identified by a scan, or assumed), each client's
/// predicted and actual outcome with the reason it fails, and the most secure policy that admits every client.
/// </summary>
public sealed record DiagnosisReport
{
    public required string Target { get; init; }
    public required string Address { get; init; }
    public required PolicySourceKind PolicySource { get; init; }

    /// <summary>The catalog policy the clients were simulated against; null when a scan matched nothing usable.</summary>
    public ServerPolicy? Policy { get; init; }

    /// <summary>The closest catalog policies to the scan (empty when the policy was assumed).</summary>
    public IReadOnlyList<PolicyMatch> Matches { get; init; } = [];

    /// <summary>What the scan observed (null when the policy was assumed).</summary>
    public ServerObservation? Observation { get; init; }

    /// <summary>The full scan behind <see cref="Observation"/>, when the survey kept it (null when the policy was assumed).</summary>
    public Scanning.ScanResult? Scan { get; init; }

    public required IReadOnlyCollection<CertificateKind> Certificates { get; init; }
    public required IReadOnlyList<ClientDiagnosis> Clients { get; init; }

    /// <summary>The most secure policy of the load-balancer type admitting every diagnosed client; null when every client already succeeds.</summary>
    public Recommendation? Recommendation { get; init; }

    /// <summary>The AWS listener diagnosed (diagnose --listener), else null.</summary>
    public Aws.AwsTlsListener? Listener { get; init; }

    /// <summary>With a listener and a scan: whether the scanned behaviour matches the policy AWS reports (null when not compared).</summary>
    public PolicyMatch? ScanVersusPolicy { get; init; }

    /// <summary>What the recommended policy (or, without one, the current policy) would put at risk among the clients of the logs (diagnose --logs).</summary>
    public TlsDoctor.Logs.WhatIfResult? Logs { get; init; }

    /// <summary>Caveats for the reader (scan errors, unknown policy contents, substitutions).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public int FailureCount => Clients.Count(c => c.Fails);
}
