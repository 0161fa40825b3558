namespace TlsDoctor.Scanning;

/// <summary>Everything one endpoint was seen to accept, with the conclusions drawn from it.</summary>
public sealed record ScanResult
{
    public required TargetInfo Target { get; init; }

    /// <summary>Set when the endpoint could not be scanned: unresolvable, unreachable or not speaking TLS.</summary>
    public ProbeFailure? Failure { get; init; }

    public IReadOnlyList<ProtocolResult> Protocols { get; init; } = [];
    public IReadOnlyList<GroupResult> Groups { get; init; } = [];

    /// <summary>Signature schemes the server was seen to sign ServerKeyExchange with (TLS 1.2).</summary>
    public IReadOnlyList<string> SignatureAlgorithms { get; init; } = [];

    /// <summary>Every signature scheme accepted, per protocol and certificate type (scan --sigalgs); null when not enumerated.</summary>
    public IReadOnlyList<SignatureAlgorithmsAccepted>? SignatureAlgorithmsAccepted { get; init; }

    public IReadOnlyList<CertificateInfo> Certificates { get; init; } = [];
    public FeatureResult Features { get; init; } = new();
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>The best and the worst a client can get, one line.</summary>
    public string Summary { get; init; } = "";

    /// <summary>What could not be observed and why, and anything unusual the server did.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public required ScanStats Stats { get; init; }

    /// <summary>
    /// Why the result is not the whole truth: protocols whose enumeration was cut short ("TLSv1.2: stopped after 3 suites:
    /// timeout …"), answers lost to deadlines. Empty for a complete scan; a policy is never matched exactly from an incomplete one.
    /// </summary>
    public IReadOnlyList<string> Incomplete { get; init; } = [];

    /// <summary>Answers no client accepts (a suite not offered, a TLS 1.3 suite in a TLS 1.2 ServerHello), distinct, as seen.</summary>
    public IReadOnlyList<string> ProtocolViolations { get; init; } = [];

    public bool IsComplete => Incomplete.Count == 0;

    public bool IsReachable => Failure is null;
}
