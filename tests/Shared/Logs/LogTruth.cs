namespace TlsDoctor.Testing;

/// <summary>What a <see cref="LogGenerator"/> wrote, counted by the generator itself.</summary>
public sealed class LogTruth
{
    public long Lines, Connections, Failed, Successful, AtRisk, JoinedConnections;
    public Dictionary<string, long> ByProtocol { get; } = [];
    public Dictionary<string, long> ByCipher { get; } = [];
    public Dictionary<string, long> FailedByClient { get; } = [];
    public Dictionary<string, long> FailedByHour { get; } = [];

    /// <summary>Distinct client IPs of the successful connections ELBSecurityPolicy-TLS13-1-2-2021-06 could not negotiate.</summary>
    public HashSet<string> AtRiskClients { get; } = [];

    /// <summary>User agents of at-risk connections that have ALB access lines (<see cref="LogGenerator.WriteAlbPair"/>), by connection.</summary>
    public Dictionary<string, long> AtRiskAgents { get; } = [];
}
