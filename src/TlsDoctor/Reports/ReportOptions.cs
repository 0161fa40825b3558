using TlsDoctor.Negotiation;

namespace TlsDoctor.Reports;

/// <summary>What to add to a diagnosis to make a report: extra grid columns and the time stamp.</summary>
public sealed record ReportOptions
{
    /// <summary>Policies asked for with --policy: extra grid columns.</summary>
    public IReadOnlyList<ServerPolicy> Policies { get; init; } = [];

    /// <summary>Every AWS policy of the load-balancer type as grid columns (--all-policies).</summary>
    public bool AllPolicies { get; init; }

    /// <summary>How the current policy is known when the diagnosis was told it ("from AWS, listener …"); null: from the diagnosis.</summary>
    public string? PolicyOrigin { get; init; }

    /// <summary>Printed in the report; injected so that output is reproducible.</summary>
    public DateTimeOffset GeneratedAt { get; init; } = DateTimeOffset.UtcNow;
}
