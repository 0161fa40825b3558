namespace TlsDoctor.Logs;

/// <summary>One worker's count of one negotiated pair in one format: connections, the clients behind them, a few examples, user agents.</summary>
internal sealed class PairTally
{
    public const int ExampleCount = 3, UserAgentLimit = 200;

    public long Count;
    public readonly SpanKeyedMap<Counter> Clients = new();
    public readonly List<string> Examples = [];

    /// <summary>User agents seen on the pair's lines (ALB/CLB access logs), at most <see cref="UserAgentLimit"/> distinct.</summary>
    public readonly Dictionary<string, long> UserAgents = new(StringComparer.Ordinal);

    /// <summary>Set once when the pair is first seen: the policy under test refuses it.</summary>
    public bool AtRisk;
}
