using TlsDoctor.Logs;

namespace TlsDoctor.Cli.Commands;

/// <summary>
/// `tlsdoctor logs … --json` documents (docs/logs.md). Fields are only added, never renamed; the schema string changes
/// when a field changes meaning.
/// </summary>
public static class LogsJson
{
    public const int TopClients = 100;

    public sealed record Summary(
        string Schema, int Files, long Lines, long Malformed, IReadOnlyList<MalformedLine> MalformedExamples,
        IReadOnlyList<SkippedFile> Skipped, IReadOnlyDictionary<string, int> FilesByFormat,
        long Connections, long Failed, double FailedShare,
        IReadOnlyDictionary<string, long> ByProtocol, IReadOnlyDictionary<string, long> ByCipher,
        IReadOnlyDictionary<string, long> ByKeyExchange, long PostQuantum, double PostQuantumShare,
        IReadOnlyDictionary<string, long> ByListener,
        int FailedClients, IReadOnlyList<ClientCount> FailedByClient, IReadOnlyList<HourCount> FailedByHour,
        IReadOnlyDictionary<string, long> FailedByServerName, IReadOnlyDictionary<string, long> FailedByClientAlert,
        IReadOnlyList<string> Notes);

    public sealed record WhatIf(
        string Schema, string Policy, int Files, long Lines, long Malformed, IReadOnlyList<MalformedLine> MalformedExamples,
        IReadOnlyList<SkippedFile> Skipped, long Connections, long AtRisk, long AtRiskClients, double AtRiskShare, bool UpperBound,
        IReadOnlyList<AtRiskPair> Pairs, IReadOnlyList<ClientConfirmation> Confirmed, IReadOnlyList<ClientConfirmation> Cleared,
        IReadOnlyList<string> Notes);

    public sealed record Recommendation(
        string Schema, string LoadBalancer, double Tolerance, string? Policy, long? AtRisk, long? AtRiskClients, double? AtRiskShare,
        IReadOnlyList<PolicyRisk> Candidates, IReadOnlyList<string> Commands, int Files, long Lines, long Malformed,
        IReadOnlyList<SkippedFile> Skipped);

    public sealed record Athena(string Schema, string Type, string Table, string CreateTable, IReadOnlyList<AthenaQuery> Queries);

    public static Summary From(LogSummary s) => new(
        "tlsdoctor.logs-summary/1", s.Scan.Files, s.Scan.Lines, s.Scan.Malformed, s.Scan.MalformedExamples, s.Scan.Skipped, s.Scan.FilesByFormat,
        s.Connections, s.Failed, Round(s.FailedShare), s.ByProtocol, s.ByCipher, s.ByKeyExchange, s.PostQuantum, Round(s.PostQuantumShare), s.ByListener,
        s.FailedByClient.Count, s.FailedByClient.Take(TopClients).ToList(), s.FailedByHour, s.FailedByServerName, s.FailedByClientAlert, s.Notes);

    public static WhatIf From(WhatIfResult r) => new(
        "tlsdoctor.logs-what-if/1", r.Policy, r.Scan.Files, r.Scan.Lines, r.Scan.Malformed, r.Scan.MalformedExamples, r.Scan.Skipped,
        r.Connections, r.AtRisk, r.AtRiskClients, Round(r.AtRiskShare), r.UpperBound, r.Pairs, r.Confirmed, r.Cleared, r.Notes);

    public static Recommendation From(WhatIfRecommendation r) => new(
        "tlsdoctor.logs-what-if-lb/1", r.LoadBalancer, r.Tolerance, r.Policy?.Name, r.Impact?.AtRisk, r.Impact?.AtRiskClients,
        r.Impact is null ? null : Round(r.Impact.AtRiskShare), r.Candidates.Select(c => c with { AtRiskShare = Round(c.AtRiskShare) }).ToList(),
        r.Commands, r.Scan.Files, r.Scan.Lines, r.Scan.Malformed, r.Scan.Skipped);

    public static Athena From(AthenaStatements s) => new("tlsdoctor.logs-athena/1", LogFormats.Name(s.Format), s.Table, s.CreateTable, s.Queries);

    private static double Round(double share) => Math.Round(share, 6);
}
