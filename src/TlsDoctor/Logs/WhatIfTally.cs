using System.Globalization;

namespace TlsDoctor.Logs;

/// <summary>
/// The what-if visitor: successful TLS connections by negotiated pair and format. With a policy under test it also
/// keeps, for the at-risk pairs only, the conn_trace_id of ALB connection lines and the user agent of ALB access lines,
/// so the two can be joined at the end (memory grows with at-risk connections, not with the input).
/// </summary>
internal sealed class WhatIfTally(Func<NegotiatedPair, bool>? atRisk) : ILogVisitor
{
    public readonly Dictionary<NegotiatedPair, PairTally>?[] Pairs = new Dictionary<NegotiatedPair, PairTally>?[LogFormats.All.Count];
    public readonly Dictionary<UInt128, NegotiatedPair> RiskyConnections = [];
    public readonly Dictionary<UInt128, string> AgentByConnection = [];
    private readonly SpanKeyedMap<string> _protocols = new(), _ciphers = new(), _agents = new();
    private static readonly Func<string, string> Same = s => s;

    public void Visit(in LogRecord r, string file, long line)
    {
        if (!r.IsTls || r.IsFailed || r.Protocol.IsEmpty || r.Cipher.IsEmpty) return;
        var pair = new NegotiatedPair(_protocols.GetOrAdd(r.Protocol, LogNames.Protocol), _ciphers.GetOrAdd(r.Cipher, LogNames.Cipher));
        var map = Pairs[(int)r.Format] ??= [];
        if (!map.TryGetValue(pair, out var t)) map[pair] = t = new PairTally { AtRisk = atRisk?.Invoke(pair) ?? false };
        t.Count++;
        t.Clients.GetOrAdd(r.ClientIp, Counter.New).Count++;
        if (t.Examples.Count < PairTally.ExampleCount) t.Examples.Add($"{file}:{line} {System.Text.Encoding.UTF8.GetString(r.ClientIp)}");
        if (!t.AtRisk) return;
        if (r.Format == LogFormat.AlbConnection)
        {
            if (TryTraceId(r.ConnTraceId, out var id)) RiskyConnections[id] = pair;
        }
        else if (!r.UserAgent.IsEmpty)
        {
            var agent = _agents.GetOrAdd(r.UserAgent, Same);
            if (t.UserAgents.Count < PairTally.UserAgentLimit || t.UserAgents.ContainsKey(agent)) t.UserAgents[agent] = t.UserAgents.GetValueOrDefault(agent) + 1;
            if (r.Format == LogFormat.AlbAccess && TryTraceId(r.ConnTraceId, out var id)) AgentByConnection[id] = agent;
        }
    }

    /// <summary>TID_{32 hex} as a 128-bit number (log-formats.md 2, field 12).</summary>
    internal static bool TryTraceId(ReadOnlySpan<byte> tid, out UInt128 id)
    {
        id = default;
        return tid.Length == 36 && tid.StartsWith("TID_"u8)
            && UInt128.TryParse(tid[4..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out id);
    }
}
