using TlsDoctor.Aws;
using TlsDoctor.Diagnosis;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Cli.Json;

/// <summary>
/// The --json documents of `tlsdoctor aws` (docs/aws.md). Members are always written, null included ("policy": null
/// for a listener without TLS), unlike the other commands' documents.
/// </summary>
public static class AwsJson
{
    public sealed record ListenerList(IReadOnlyList<Listener> Listeners);

    public sealed record Listener(string LoadBalancer, string Type, string? DnsName, string? ListenerArn, int Port, string Protocol,
        string? Policy, bool PolicyKnown, IReadOnlyList<string> Protocols, IReadOnlyList<string> Ciphers, IReadOnlyList<string> Certificates);

    public sealed record MetricList(IReadOnlyList<MetricSeries> Metrics);

    public sealed record MetricSeries(string LoadBalancer, string Metric, double Total, IReadOnlyList<Datapoint> Datapoints);

    public sealed record Datapoint(string Time, double Value);

    public sealed record PolicyList(IReadOnlyList<Policy> Policies);

    public sealed record Policy(string Name, bool InCatalog, IReadOnlyList<string> Differences);

    public sealed record ClientEffect(string Client, string Reason, string Explanation);

    public sealed record SetPolicy(string Listener, string LoadBalancer, string Type, string? CurrentPolicy, string NewPolicy,
        IReadOnlyList<ClientEffect> Breaks, IReadOnlyList<ClientEffect> Fixes, bool Applied, IReadOnlyList<string> Requests,
        Commands.LogsJson.WhatIf? Logs = null);

    public sealed record AuditList(IReadOnlyList<AuditEntry> Listeners);

    public sealed record AuditEntry(string LoadBalancer, string Type, string? ListenerArn, int Port, string Protocol, string? Policy,
        IReadOnlyList<string> RefusedClients, bool? AllowsTls10Or11, bool? PostQuantum, string? RecommendedPolicy);

    public static Listener From(AwsTlsListener l) => new(l.LoadBalancer, l.Type, l.DnsName, l.ListenerArn, l.Port, l.Protocol,
        l.PolicyName, l.PolicyKnown,
        l.Policy?.Versions.Order().Select(v => v.AwsName).ToList() ?? [],
        l.Policy?.CipherSuites.Select(c => CipherSuites.Find(c)?.Name ?? Codepoint.Format(c)).ToList() ?? [],
        l.Certificates);

    public static MetricSeries From(AwsMetricReport m) => new(m.LoadBalancer, m.Metric, m.Total,
        m.Datapoints.Select(d => new Datapoint(Time(d.Time), d.Value)).ToList());

    public static ClientEffect Effect(ClientVerdict v) => v.Outcome is NegotiationOutcome.Refused r
        ? new(v.Client, r.Reason.Code(), r.Explanation)
        : new(v.Client, "agreed", "");

    public static AuditEntry From(ListenerAuditEntry e) => new(e.Listener.LoadBalancer, e.Listener.Type, e.Listener.ListenerArn, e.Listener.Port,
        e.Listener.Protocol, e.Listener.PolicyName, e.Refused.Select(r => r.Client).ToList(), e.AllowsLegacyTls, e.PostQuantum, e.Recommended?.Name);

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
