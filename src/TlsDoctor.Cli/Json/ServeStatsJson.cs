namespace TlsDoctor.Cli.Json;

/// <summary>`serve --json`: counters (event "stats"), every --stats-interval and once on exit (final true).</summary>
public sealed record ServeStatsJson(
    string Event,
    bool Final,
    long Total,
    IReadOnlyDictionary<string, long> Outcomes,
    IReadOnlyDictionary<string, long> Reasons);
