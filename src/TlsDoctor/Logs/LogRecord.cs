namespace TlsDoctor.Logs;

/// <summary>
/// The fields of one log line that TlsDoctor uses, as slices of the line (UTF-8 bytes, no copies). A field the log
/// wrote as "-" (no value) is empty. Valid only while the line's buffer is.
/// </summary>
public ref struct LogRecord
{
    public LogFormat Format;

    /// <summary>ISO 8601 time as the log wrote it (UTC; NLB writes no zone, log-formats.md 0).</summary>
    public ReadOnlySpan<byte> Time;

    public ReadOnlySpan<byte> ClientIp;

    /// <summary>ALB connection: the listener port; NLB: the listener id; ALB/CLB access: the port of the request URL.</summary>
    public ReadOnlySpan<byte> Listener;

    /// <summary>The protocol as the log spells it ("TLSv1.2", "tlsv12", "TLSv1").</summary>
    public ReadOnlySpan<byte> Protocol;

    /// <summary>The cipher's OpenSSL name as the log writes it.</summary>
    public ReadOnlySpan<byte> Cipher;

    /// <summary>ALB connection and NLB: the key exchange (group) of recent logs.</summary>
    public ReadOnlySpan<byte> KeyExchange;

    /// <summary>The SNI host name (NLB domain_name, ALB access domain_name).</summary>
    public ReadOnlySpan<byte> ServerName;

    /// <summary>NLB incoming_tls_alert: the client's alert as a decimal number.</summary>
    public ReadOnlySpan<byte> ClientAlert;

    /// <summary>ALB and CLB access logs.</summary>
    public ReadOnlySpan<byte> UserAgent;

    /// <summary>ALB connection log and newer ALB access logs: TID_{32 hex}, the join key between the two.</summary>
    public ReadOnlySpan<byte> ConnTraceId;

    /// <summary>The line records a TLS connection attempt (or, for access logs, a request over TLS).</summary>
    public bool IsTls;

    /// <summary>The TLS handshake failed (ALB: tls_verify_status Failed:…; NLB: tls_handshake_time "-").</summary>
    public bool IsFailed;
}
