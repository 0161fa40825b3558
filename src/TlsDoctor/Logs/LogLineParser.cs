using System.Runtime.CompilerServices;

namespace TlsDoctor.Logs;

/// <summary>
/// Parses one line of each format into a <see cref="LogRecord"/> (fields: log-formats.md 1–4). Reads up to the last
/// field TlsDoctor knows and ignores the rest (AWS appends new fields at the end and may pad with "-" before a release).
/// Never throws: a line that does not fit the format comes back false with a short reason.
/// </summary>
public static class LogLineParser
{
    /// <summary>Minimum field counts: the oldest documented layouts (ALB connection 11 before conn_trace_id; ALB access 29; NLB 21; CLB 15).</summary>
    public const int AlbConnectionMinFields = 11, AlbAccessMinFields = 29, NlbAccessMinFields = 21, ClbAccessMinFields = 15;

    public static bool TryParse(LogFormat format, ReadOnlySpan<byte> line, out LogRecord record, out string? error)
    {
        record = new LogRecord { Format = format };
        error = format switch
        {
            LogFormat.AlbConnection => ParseAlbConnection(line, ref record),
            LogFormat.AlbAccess => ParseAlbAccess(line, ref record),
            LogFormat.NlbAccess => ParseNlbAccess(line, ref record),
            _ => ParseClbAccess(line, ref record),
        };
        return error is null;
    }

    private const string TooFewFields = "too few fields";
    private const string BadTime = "no timestamp where the format has one";
    private const string BadClient = "no client address where the format has one";
    private const string BadPort = "no port number where the format has one";
    private const string NotQuoted = "a field the format quotes is not quoted";

    // timestamp client_ip client_port listener_port tls_protocol tls_cipher tls_handshake_latency "leaf_client_cert_subject"
    // leaf_client_cert_validity leaf_client_cert_serial_number tls_verify_status [conn_trace_id [tls_keyexchange [elb ip_address]]]
    private static string? ParseAlbConnection(ReadOnlySpan<byte> line, ref LogRecord r)
    {
        var f = new LogFieldReader(line);
        if (!f.TryNext(out var time) || !IsTimestamp(time)) return BadTime;
        if (!f.TryNext(out var client) || client.Length == 0 || client.Contains((byte)':') && !LooksLikeIpv6(client)) return BadClient;
        if (!f.TryNext(out var clientPort) || !IsDigits(clientPort)) return BadPort;
        if (!f.TryNext(out var listener) || !IsDigits(listener)) return BadPort;
        if (!f.TryNext(out var protocol) || !f.TryNext(out var cipher) || !f.TryNext(out _)) return TooFewFields;
        if (!f.TryNext(out _, out var quoted)) return TooFewFields;
        if (!quoted) return NotQuoted;
        if (!f.TryNext(out _) || !f.TryNext(out _) || !f.TryNext(out var verify)) return TooFewFields;
        r.Time = time;
        r.ClientIp = client;
        r.Listener = listener;
        r.Protocol = Value(protocol);
        r.Cipher = Value(cipher);
        // tls_verify_status is "-" for non-TLS listeners, "Success" or "Failed:<code>" otherwise (log-formats.md 2).
        r.IsTls = !IsDash(verify);
        r.IsFailed = verify.StartsWith("Failed"u8);
        if (f.TryNext(out var tid)) r.ConnTraceId = Value(tid);
        if (f.TryNext(out var kx)) r.KeyExchange = Value(kx);
        return null;
    }

    // type time elb client:port target:port request_processing_time target_processing_time response_processing_time
    // elb_status_code target_status_code received_bytes sent_bytes "request" "user_agent" ssl_cipher ssl_protocol
    // target_group_arn "trace_id" "domain_name" "chosen_cert_arn" matched_rule_priority request_creation_time
    // "actions_executed" "redirect_url" "error_reason" "target:port_list" "target_status_code_list" "classification"
    // "classification_reason" [conn_trace_id …]
    private static string? ParseAlbAccess(ReadOnlySpan<byte> line, ref LogRecord r)
    {
        var f = new LogFieldReader(line);
        if (!f.TryNext(out var type) || !IsWord(type)) return "no request type where the format has one";
        if (!f.TryNext(out var time) || !IsTimestamp(time)) return BadTime;
        if (!f.Skip(1) || !f.TryNext(out var client) || !TrySplitHostPort(client, out var clientIp)) return BadClient;
        if (!f.Skip(8)) return TooFewFields;
        if (!f.TryNext(out var request, out var q1) || !f.TryNext(out var agent, out var q2)) return TooFewFields;
        if (!q1 || !q2) return NotQuoted;
        if (!f.TryNext(out var cipher) || !f.TryNext(out var protocol) || !f.Skip(2) || !f.TryNext(out var domain)) return TooFewFields;
        if (!f.Skip(10)) return TooFewFields;
        r.Time = time;
        r.ClientIp = clientIp;
        r.Listener = RequestPort(request);
        r.Protocol = Value(protocol);
        r.Cipher = Value(cipher);
        r.ServerName = Value(domain);
        r.UserAgent = Value(agent);
        // https, h2, grpcs and wss run over TLS (log-formats.md 1, field 1); a TLS request without a protocol is
        // taken as a failed negotiation, as for CLB (AWS documents no such line).
        r.IsTls = type.SequenceEqual("https"u8) || type.SequenceEqual("h2"u8) || type.SequenceEqual("grpcs"u8) || type.SequenceEqual("wss"u8) || r.Protocol.Length > 0;
        r.IsFailed = r.IsTls && r.Protocol.Length == 0;
        if (f.TryNext(out var tid)) r.ConnTraceId = Value(tid);
        return null;
    }

    // type version time elb listener client:port destination:port connection_time tls_handshake_time received_bytes
    // sent_bytes incoming_tls_alert chosen_cert_arn chosen_cert_serial tls_cipher tls_protocol_version tls_keyexchange
    // domain_name alpn_fe_protocol alpn_be_protocol alpn_client_preference_list [tls_connection_creation_time]
    private static string? ParseNlbAccess(ReadOnlySpan<byte> line, ref LogRecord r)
    {
        var f = new LogFieldReader(line);
        if (!f.TryNext(out var type) || !IsWord(type)) return "no listener type where the format has one";
        if (!f.TryNext(out var version) || version.Length == 0 || !char.IsAsciiDigit((char)version[0])) return "no log version where the format has one";
        if (!f.TryNext(out var time) || !IsTimestamp(time)) return BadTime;
        if (!f.Skip(1) || !f.TryNext(out var listener)) return TooFewFields;
        if (!f.TryNext(out var client) || !TrySplitHostPort(client, out var clientIp)) return BadClient;
        if (!f.Skip(2) || !f.TryNext(out var handshake) || !f.Skip(2)) return TooFewFields;
        if (!f.TryNext(out var alert) || !f.Skip(2) || !f.TryNext(out var cipher) || !f.TryNext(out var protocol)) return TooFewFields;
        if (!f.TryNext(out var kx) || !f.TryNext(out var domain) || !f.Skip(3)) return TooFewFields;
        r.Time = time;
        r.ClientIp = clientIp;
        r.Listener = listener;
        r.Protocol = Value(protocol);
        r.Cipher = Value(cipher);
        r.KeyExchange = Value(kx);
        r.ServerName = Value(domain);
        r.ClientAlert = Value(alert);
        // tls_handshake_time is "-" when there was no TLS handshake or it failed (log-formats.md 3).
        r.IsTls = type.SequenceEqual("tls"u8);
        r.IsFailed = r.IsTls && IsDash(handshake);
        return null;
    }

    // time elb client:port backend:port request_processing_time backend_processing_time response_processing_time
    // elb_status_code backend_status_code received_bytes sent_bytes "request" "user_agent" ssl_cipher ssl_protocol
    private static string? ParseClbAccess(ReadOnlySpan<byte> line, ref LogRecord r)
    {
        var f = new LogFieldReader(line);
        if (!f.TryNext(out var time) || !IsTimestamp(time)) return BadTime;
        if (!f.TryNext(out var name) || name.Length == 0) return TooFewFields;
        if (!f.TryNext(out var client) || !TrySplitHostPort(client, out var clientIp)) return BadClient;
        if (!f.Skip(8)) return TooFewFields;
        if (!f.TryNext(out var request, out var q1) || !f.TryNext(out var agent, out var q2)) return TooFewFields;
        if (!q1 || !q2) return NotQuoted;
        if (!f.TryNext(out var cipher) || !f.TryNext(out var protocol)) return TooFewFields;
        r.Time = time;
        r.ClientIp = clientIp;
        r.Listener = RequestPort(request);
        r.Protocol = Value(protocol);
        r.Cipher = Value(cipher);
        r.UserAgent = Value(agent);
        // ssl_cipher/ssl_protocol are written only after a successful negotiation (log-formats.md 4); an https request
        // without them is a failed one. SSL-listener lines ("- - - ") without them cannot be told from TCP ones.
        var https = request.IndexOf("https://"u8) is >= 0 and < 16;
        r.IsTls = r.Protocol.Length > 0 || https;
        r.IsFailed = r.IsTls && r.Protocol.Length == 0;
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<byte> Value(ReadOnlySpan<byte> field) => IsDash(field) ? default : field;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDash(ReadOnlySpan<byte> field) => field.Length == 1 && field[0] == (byte)'-';

    /// <summary>yyyy-mm-ddThh:… (the hour is all TlsDoctor reads from a timestamp).</summary>
    internal static bool IsTimestamp(ReadOnlySpan<byte> t) =>
        t.Length >= 19 && IsDigits(t[..4]) && t[4] == (byte)'-' && IsDigits(t[5..7]) && t[7] == (byte)'-' && IsDigits(t[8..10])
        && t[10] == (byte)'T' && IsDigits(t[11..13]) && t[13] == (byte)':';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigits(ReadOnlySpan<byte> s)
    {
        if (s.Length == 0) return false;
        foreach (var b in s) if (b is < (byte)'0' or > (byte)'9') return false;
        return true;
    }

    private static bool IsWord(ReadOnlySpan<byte> s)
    {
        if (s.Length == 0 || s.Length > 16) return false;
        foreach (var b in s) if (!char.IsAsciiLetterOrDigit((char)b)) return false;
        return true;
    }

    private static bool LooksLikeIpv6(ReadOnlySpan<byte> s) => s.IndexOfAnyExcept("0123456789abcdefABCDEF:."u8) < 0;

    /// <summary>"ip:port" split on the last ':' (log-formats.md 1, field 4; IPv6 rendering is not documented).</summary>
    private static bool TrySplitHostPort(ReadOnlySpan<byte> field, out ReadOnlySpan<byte> host)
    {
        var colon = field.LastIndexOf((byte)':');
        host = colon > 0 ? field[..colon] : default;
        return colon > 0 && IsDigits(field[(colon + 1)..]);
    }

    /// <summary>The port of "METHOD scheme://host[:port]/…", the scheme's default when absent; empty when there is no URL.</summary>
    private static ReadOnlySpan<byte> RequestPort(ReadOnlySpan<byte> request)
    {
        var scheme = request.IndexOf("://"u8);
        if (scheme < 0) return default;
        var https = scheme >= 5 && request[(scheme - 5)..scheme].SequenceEqual("https"u8);
        var rest = request[(scheme + 3)..];
        var end = rest.IndexOfAny((byte)'/', (byte)' ');
        var host = end < 0 ? rest : rest[..end];
        var colon = host.LastIndexOf((byte)':');
        if (colon >= 0 && colon + 1 < host.Length && IsDigits(host[(colon + 1)..]) && host.IndexOf((byte)']') < colon) return host[(colon + 1)..];
        return https ? "443"u8 : "80"u8;
    }
}
