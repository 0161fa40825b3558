using System.Globalization;
using System.Text;

namespace TlsDoctor.Testing;

/// <summary>
/// Writes synthetic load balancer logs (field lists of ../shared/reference/aws/log-formats.md, every field-list variant)
/// from a seed, and keeps the true counts of what it wrote in <see cref="Truth"/>, computed from its own tables (not
/// by TlsDoctor's code): the ground truth for golden summaries and what-if answers, and the input of the benchmarks.
/// </summary>
public sealed class LogGenerator(int seed)
{
    /// <summary>
    /// The negotiated pairs the generator writes: ALB/CLB and NLB protocol spellings, the OpenSSL name as logs write it,
    /// the IANA name, and whether ELBSecurityPolicy-TLS13-1-2-2021-06 enables the pair (AWS's policy table), a weight,
    /// and the user agent of a client that negotiates it.
    /// </summary>
    public static readonly (string Protocol, string NlbProtocol, string Normalised, string Cipher, string Iana, bool InTls13Policy, int Weight, string Agent)[] Pairs =
    [
        ("TLSv1.3", "tlsv13", "TLSv1.3", "TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256", true, 40, "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0.0.0 Safari/537.36"),
        ("TLSv1.3", "tlsv13", "TLSv1.3", "TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384", true, 10, "curl/8.5.0"),
        ("TLSv1.2", "tlsv12", "TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", true, 25, "python-requests/2.31.0"),
        ("TLSv1.2", "tlsv12", "TLSv1.2", "ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", false, 6, "Go-http-client/1.1"),
        ("TLSv1.2", "tlsv12", "TLSv1.2", "AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", false, 4, "Java/1.8.0_161"),
        ("TLSv1.1", "tlsv11", "TLSv1.1", "ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", false, 2, "Dalvik/1.6.0 (Linux; U; Android 4.4.2; Nexus 5 Build/KOT49H)"),
        ("TLSv1", "tlsv10", "TLSv1.0", "ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", false, 3, "Java/1.7.0_80"),
    ];

    private readonly Random _random = new(seed);
    private readonly int _totalWeight = Pairs.Sum(p => p.Weight);
    private static readonly DateTime Start = new(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    public LogTruth Truth { get; } = new();

    /// <summary>Share of TLS connections that fail, and of lines that are plain HTTP/TCP.</summary>
    public double FailureRate { get; init; } = 0.05;
    public double PlainRate { get; init; } = 0.05;

    /// <summary>Client IPs are drawn from this many addresses.</summary>
    public int Clients { get; init; } = 400;

    /// <summary>Writes <paramref name="lines"/> lines of <paramref name="format"/> ("alb-connection", "alb-access", "nlb-access", "clb-access").</summary>
    public void Write(string format, TextWriter writer, int lines)
    {
        for (var i = 0; i < lines; i++) writer.Write(Line(format));
    }

    /// <summary>
    /// ALB connection lines with, for each successful connection, one to three ALB access lines of the same
    /// conn_trace_id (33-field layout) carrying the pair's user agent: the join TlsDoctor uses for confirmation.
    /// </summary>
    public void WriteAlbPair(TextWriter connections, TextWriter access, int lines)
    {
        for (var i = 0; i < lines; i++)
        {
            var line = Line("alb-connection", out var state);
            connections.Write(line);
            if (state is not { Failed: false, Tls: true } s) continue;
            var requests = 1 + _random.Next(3);
            for (var r = 0; r < requests; r++) access.Write(AlbAccess(s, 33));
            Truth.JoinedConnections++;
            if (!Pairs[s.Pair].InTls13Policy) Truth.AtRiskAgents[Pairs[s.Pair].Agent] = Truth.AtRiskAgents.GetValueOrDefault(Pairs[s.Pair].Agent) + 1;
        }
    }

    public string Line(string format) => Line(format, out _);

    private sealed record State(string Format, DateTime Time, string Client, int Port, bool Tls, bool Failed, int Pair, string TraceId, bool PairLogged);

    private string Line(string format, out State? state)
    {
        var time = Start.AddSeconds(_random.Next(0, 3 * 24 * 3600)).AddTicks(_random.Next(0, 10_000_000));
        var id = _random.Next(Clients);
        var client = $"198.51.{id / 200}.{id % 200 + 1}";
        // NLB access logs are written for TLS listeners only (log-formats.md 3).
        var tls = format == "nlb-access" || _random.NextDouble() >= PlainRate;
        var failed = tls && _random.NextDouble() < FailureRate;
        var pair = PickPair();
        var trace = $"TID_{_random.NextInt64():x16}{_random.NextInt64():x16}";
        // A failed handshake is written with protocol and cipher "-" or with values (both renderings: log-samples/README.md).
        var pairLogged = tls && (!failed || format is "alb-connection" && _random.Next(2) == 0);
        state = new State(format, time, client, 1024 + _random.Next(60000), tls, failed, pair, trace, pairLogged);
        Count(state);
        return format switch
        {
            "alb-connection" => AlbConnection(state),
            "alb-access" => AlbAccess(state, _random.Next(3) switch { 0 => 29, 1 => 30, _ => 33 }),
            "nlb-access" => NlbAccess(state),
            "clb-access" => ClbAccess(state),
            _ => throw new ArgumentException($"unknown format {format}"),
        };
    }

    private int PickPair()
    {
        var x = _random.Next(_totalWeight);
        for (var i = 0; i < Pairs.Length; i++)
            if ((x -= Pairs[i].Weight) < 0) return i;
        return 0;
    }

    private void Count(State s)
    {
        Truth.Lines++;
        if (!s.Tls) return;
        Truth.Connections++;
        var p = Pairs[s.Pair];
        if (s.PairLogged)
        {
            Add(Truth.ByProtocol, p.Normalised);
            Add(Truth.ByCipher, p.Iana);
        }
        if (s.Failed)
        {
            Truth.Failed++;
            Add(Truth.FailedByClient, s.Client);
            Add(Truth.FailedByHour, s.Time.ToString("yyyy-MM-dd'T'HH':00Z'", CultureInfo.InvariantCulture));
            return;
        }
        Truth.Successful++;
        if (!p.InTls13Policy)
        {
            Truth.AtRisk++;
            Truth.AtRiskClients.Add(s.Client);
        }
    }

    private static void Add(Dictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    private static string Iso(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    // Field lists: log-formats.md 2. Variants: 12 fields (2023), 13 (tls_keyexchange), 15 (elb, ip_address), and 16 (a
    // trailing "-" before a new field's release).
    private string AlbConnection(State s)
    {
        var p = Pairs[s.Pair];
        var listener = s.Tls ? 443 : 80;
        var (protocol, cipher) = s.PairLogged ? (p.Protocol, p.Cipher) : ("-", "-");
        var latency = s.Tls && !s.Failed ? (0.001 + _random.Next(50) / 1000.0).ToString("0.000", CultureInfo.InvariantCulture) : "-";
        var status = !s.Tls ? "-" : s.Failed ? "Failed:UnmappedConnectionError" : "Success";
        var b = new StringBuilder(256);
        b.Append(Iso(s.Time)).Append(' ').Append(s.Client).Append(' ').Append(s.Port).Append(' ').Append(listener).Append(' ')
         .Append(protocol).Append(' ').Append(cipher).Append(' ').Append(latency).Append(" \"-\" - - ").Append(status).Append(' ').Append(s.TraceId);
        var variant = _random.Next(4);
        if (variant >= 1) b.Append(' ').Append(s.Tls && !s.Failed ? (p.Protocol == "TLSv1.3" ? "X25519MLKEM768" : "x25519") : "-");
        if (variant >= 2) b.Append(" app/my-loadbalancer/50dc6c495c0c9188 10.0.1.15");
        if (variant == 3) b.Append(" -");
        return b.Append('\n').ToString();
    }

    // log-formats.md 1: 29 fields (2023), 30 (conn_trace_id), 33 (transform fields).
    private string AlbAccess(State s, int fields)
    {
        var p = Pairs[s.Pair];
        var scheme = s.Tls ? "https" : "http";
        var (protocol, cipher) = s.Tls && !s.Failed ? (p.Protocol, p.Cipher) : ("-", "-");
        var type = s.Tls ? (_random.Next(3) == 0 ? "h2" : "https") : "http";
        var b = new StringBuilder(600);
        b.Append(type).Append(' ').Append(Iso(s.Time)).Append(" app/my-loadbalancer/50dc6c495c0c9188 ").Append(s.Client).Append(':').Append(s.Port)
         .Append(" 10.0.0.1:80 0.001 0.012 0.000 200 200 312 1024 \"GET ").Append(scheme).Append("://www.example.com:").Append(s.Tls ? 443 : 80)
         .Append("/index.html HTTP/1.1\" \"").Append(p.Agent).Append("\" ").Append(cipher).Append(' ').Append(protocol)
         .Append(" arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-67c2f6a0-0123456789abcdef01234567\" \"")
         .Append(s.Tls ? "www.example.com" : "-").Append("\" \"").Append(s.Tls ? "arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012" : "-")
         .Append("\" 1 ").Append(Iso(s.Time)).Append(" \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\"");
        if (fields >= 30) b.Append(' ').Append(s.TraceId);
        if (fields >= 33) b.Append(" \"-\" \"-\" \"-\"");
        return b.Append('\n').ToString();
    }

    // log-formats.md 3: 21 fields (2023) or 22 (tls_connection_creation_time). NLB logs TLS listeners only.
    private string NlbAccess(State s)
    {
        var p = Pairs[s.Pair];
        var ok = !s.Failed;
        var time = s.Time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var b = new StringBuilder(400);
        b.Append("tls 2.0 ").Append(time).Append(" net/my-network-loadbalancer/c6e77e28c25b2234 g3d4b5e8bb8464cd ").Append(s.Client).Append(':').Append(s.Port)
         .Append(" 172.100.100.185:443 ").Append(1 + _random.Next(5000)).Append(' ').Append(ok ? (1 + _random.Next(20)).ToString(CultureInfo.InvariantCulture) : "-")
         .Append(ok ? " 517 4096 " : " 0 0 ").Append(ok || _random.Next(2) == 0 ? "-" : "48")
         .Append(" arn:aws:acm:us-east-2:123456789012:certificate/2a108f19-aded-46b0-8493-c63eb1ef4a99 - ")
         .Append(ok ? p.Cipher : "-").Append(' ').Append(ok ? p.NlbProtocol : "-").Append(' ').Append(ok ? "x25519" : "-")
         .Append(" api.example.com - - -");
        if (_random.Next(2) == 0) b.Append(' ').Append(time);
        return b.Append('\n').ToString();
    }

    // log-formats.md 4 (15 fields).
    private string ClbAccess(State s)
    {
        var p = Pairs[s.Pair];
        var (protocol, cipher) = s.Tls && !s.Failed ? (p.Protocol, p.Cipher) : ("-", "-");
        var request = s.Tls ? "GET https://www.example.com:443/api HTTP/1.1" : "GET http://www.example.com:80/api HTTP/1.1";
        return $"{Iso(s.Time)} my-loadbalancer {s.Client}:{s.Port} 10.0.0.1:80 0.000050 0.002000 0.000040 200 200 0 120 \"{request}\" \"{p.Agent}\" {cipher} {protocol}\n";
    }
}
