using System.Text;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Logs;

/// <summary>
/// Athena (Trino SQL) statements that compute what `logs summary` and `logs what-if` compute, for data that outgrows one
/// machine: CREATE EXTERNAL TABLE with AWS's documented regex SerDe (log-formats.md 6) and partition projection over the
/// date folders, and queries whose TLS/failure rules are the streaming reader's (<see cref="LogLineParser"/>).
/// </summary>
public static class AthenaSql
{
    /// <summary>AWS's regexes as the Athena guide prints them inside the DDL's single-quoted string (\" is a quote).</summary>
    public static string Regex(LogFormat format) => format switch
    {
        // Athena guide, ALB connection logs (verbatim, A4).
        LogFormat.AlbConnection => """([^ ]*) ([^ ]*) ([0-9]*) ([0-9]*) ([A-Za-z0-9.-]*) ([^ ]*) ([-.0-9]*) \"([^\"]*)\" ([^ ]*) ([^ ]*) ([^ ]*) ?([^ ]*)?( .*)?""",
        // Athena guide, ALB access logs: the 2023 regex plus the current page's conn_trace_id and tail groups (A3, A5).
        LogFormat.AlbAccess => """([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*):([0-9]*) ([^ ]*)[:-]([0-9]*) ([-.0-9]*) ([-.0-9]*) ([-.0-9]*) (|[-0-9]*) (-|[-0-9]*) ([-0-9]*) ([-0-9]*) \"([^ ]*) (.*) (- |[^ ]*)\" \"([^\"]*)\" ([A-Z0-9-_]+) ([A-Za-z0-9.-]*) ([^ ]*) \"([^\"]*)\" \"([^\"]*)\" \"([^\"]*)\" ([-.0-9]*) ([^ ]*) \"([^\"]*)\" \"([^\"]*)\" \"([^ ]*)\" \"([^\s]+?)\" \"([^\s]+)\" \"([^ ]*)\" \"([^ ]*)\" ?([^ ]*)? ?( .*)?""",
        // Athena guide, NLB (A6): the 2023 regex without its "$", plus tls_connection_creation_time and a tail group as for ALB,
        // so that lines with newer trailing fields still match (an anchored regex gives all-NULL rows for them).
        LogFormat.NlbAccess => """([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*):([0-9]*) ([^ ]*):([0-9]*) ([-.0-9]*) ([-.0-9]*) ([-0-9]*) ([-0-9]*) ([-0-9]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ?([^ ]*)?( .*)?""",
        // Athena guide, CLB (A7), with "_" allowed in ssl_cipher: the guide's ([A-Z0-9-]+) predates TLS 1.3 suite names.
        _ => """([^ ]*) ([^ ]*) ([^ ]*):([0-9]*) ([^ ]*)[:-]([0-9]*) ([-.0-9]*) ([-.0-9]*) ([-.0-9]*) (|[-0-9]*) (-|[-0-9]*) ([-0-9]*) ([-0-9]*) \"([^ ]*) ([^ ]*) (- |[^ ]*)\" (\"[^\"]*\") ([A-Z0-9_-]+) ([A-Za-z0-9.-]*)$""",
    };

    /// <summary>The table's columns in regex-group order, with Athena's types (log-formats.md 6).</summary>
    public static IReadOnlyList<(string Name, string Type)> Columns(LogFormat format) => format switch
    {
        LogFormat.AlbConnection => Cols("time string, client_ip string, client_port int, listener_port int, tls_protocol string, tls_cipher string, tls_handshake_latency double, leaf_client_cert_subject string, leaf_client_cert_validity string, leaf_client_cert_serial_number string, tls_verify_status string, conn_trace_id string"),
        LogFormat.AlbAccess => Cols("type string, time string, elb string, client_ip string, client_port int, target_ip string, target_port int, request_processing_time double, target_processing_time double, response_processing_time double, elb_status_code int, target_status_code string, received_bytes bigint, sent_bytes bigint, request_verb string, request_url string, request_proto string, user_agent string, ssl_cipher string, ssl_protocol string, target_group_arn string, trace_id string, domain_name string, chosen_cert_arn string, matched_rule_priority string, request_creation_time string, actions_executed string, redirect_url string, lambda_error_reason string, target_port_list string, target_status_code_list string, classification string, classification_reason string, conn_trace_id string"),
        LogFormat.NlbAccess => Cols("type string, version string, time string, elb string, listener_id string, client_ip string, client_port int, target_ip string, target_port int, tcp_connection_time_ms double, tls_handshake_time_ms double, received_bytes bigint, sent_bytes bigint, incoming_tls_alert int, cert_arn string, certificate_serial string, tls_cipher_suite string, tls_protocol_version string, tls_named_group string, domain_name string, alpn_fe_protocol string, alpn_be_protocol string, alpn_client_preference_list string, tls_connection_creation_time string"),
        _ => Cols("timestamp string, elb_name string, request_ip string, request_port int, backend_ip string, backend_port int, request_processing_time double, backend_processing_time double, client_response_time double, elb_response_code string, backend_response_code string, received_bytes bigint, sent_bytes bigint, request_verb string, url string, protocol string, user_agent string, ssl_cipher string, ssl_protocol string"),
    };

    public static string DefaultTable(LogFormat format) => LogFormats.Name(format).Replace('-', '_') + "_logs";

    /// <summary>
    /// The statements for <paramref name="format"/> logs under <paramref name="location"/> (s3://…/AWSLogs/{account}/elasticloadbalancing/{region}/);
    /// the what-if queries only when a policy is given. Null with <paramref name="error"/> for a location that is not s3://.
    /// </summary>
    public static AthenaStatements? For(LogFormat format, string location, string? table, ServerPolicy? policy, LogDateRange range, out string? error)
    {
        error = null;
        if (!location.StartsWith("s3://", StringComparison.Ordinal) || location.Length <= 5 || location.Contains('\''))
        {
            error = $"'{location}' is not an S3 location (s3://bucket/prefix/AWSLogs/ACCOUNT/elasticloadbalancing/REGION/)";
            return null;
        }
        table ??= DefaultTable(format);
        if (table.Length == 0 || !table.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            error = $"'{table}' is not a table name Athena accepts (letters, digits, _)";
            return null;
        }
        if (!location.EndsWith('/')) location += "/";
        var regex = Regex(format);
        var columns = Columns(format);
        var ddl = new StringBuilder();
        ddl.Append("CREATE EXTERNAL TABLE IF NOT EXISTS ").Append(table).Append(" (\n");
        ddl.AppendJoin(",\n", columns.Select(c => $"    {c.Name} {c.Type}"));
        ddl.Append("\n)\nPARTITIONED BY (day string)\n");
        ddl.Append("ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'\n");
        ddl.Append("WITH SERDEPROPERTIES (\n    'serialization.format' = '1',\n    'input.regex' = '").Append(regex).Append("'\n)\n");
        ddl.Append("LOCATION '").Append(location).Append("'\n");
        // Partition projection over the date folders (Athena guide, ALB logs with partition projection).
        ddl.Append("TBLPROPERTIES (\n");
        ddl.Append("    'projection.enabled' = 'true',\n");
        ddl.Append("    'projection.day.type' = 'date',\n");
        ddl.Append("    'projection.day.range' = '2020/01/01,NOW',\n");
        ddl.Append("    'projection.day.format' = 'yyyy/MM/dd',\n");
        ddl.Append("    'projection.day.interval' = '1',\n");
        ddl.Append("    'projection.day.interval.unit' = 'DAYS',\n");
        ddl.Append("    'storage.location.template' = '").Append(location).Append("${day}'\n)");

        var t = Connections(format, table, range);
        var queries = new List<AthenaQuery>
        {
            new("connections", "TLS connections and failures (summary: connections, failed)",
                $"{t}\nSELECT count(*) AS connections, count_if(failed) AS failed\nFROM t"),
            new("by-protocol", "TLS connections by protocol (summary: byProtocol)",
                $"{t}\nSELECT protocol, count(*) AS connections\nFROM t\nWHERE protocol <> '-'\nGROUP BY protocol\nORDER BY protocol"),
            new("by-cipher", "TLS connections by cipher, OpenSSL names as logged (summary: byCipher after translation to IANA names)",
                $"{t}\nSELECT cipher, count(*) AS connections\nFROM t\nWHERE cipher <> '-'\nGROUP BY cipher\nORDER BY connections DESC, cipher"),
            new("failed-by-client", "Failed TLS connections by client IP (summary: failedByClient)",
                $"{t}\nSELECT client, count(*) AS failed\nFROM t\nWHERE failed\nGROUP BY client\nORDER BY failed DESC, client"),
            new("failed-by-hour", "Failed TLS connections by hour, UTC (summary: failedByHour)",
                $"{t}\nSELECT hour, count(*) AS failed\nFROM t\nWHERE failed\nGROUP BY hour\nORDER BY hour"),
        };
        if (policy is not null)
        {
            var allowed = Allowed(policy);
            queries.Add(new("what-if", $"Successful connections {policy.Name} could not negotiate, and their distinct clients (what-if: atRisk, atRiskClients)",
                $"{t},\n{allowed}\nSELECT count(*) AS at_risk, count(DISTINCT t.client) AS at_risk_clients\nFROM t LEFT JOIN allowed a ON a.protocol = t.protocol AND a.cipher = t.cipher\nWHERE NOT t.failed AND t.protocol <> '-' AND t.cipher <> '-' AND a.protocol IS NULL"));
            queries.Add(new("what-if-pairs", $"The same by negotiated (protocol, cipher) pair (what-if: pairs)",
                $"{t},\n{allowed}\nSELECT t.protocol, t.cipher, count(*) AS connections, count(DISTINCT t.client) AS clients\nFROM t LEFT JOIN allowed a ON a.protocol = t.protocol AND a.cipher = t.cipher\nWHERE NOT t.failed AND t.protocol <> '-' AND t.cipher <> '-' AND a.protocol IS NULL\nGROUP BY t.protocol, t.cipher\nORDER BY connections DESC, t.protocol, t.cipher"));
        }
        return new AthenaStatements(table, format, regex, columns, ddl.ToString(), queries);
    }

    /// <summary>
    /// The common table expression "t": one row per TLS line with protocol (normalised to TLSv1.0…TLSv1.3), cipher as
    /// logged, client, hour and failed, by the rules of <see cref="LogLineParser"/> for the format.
    /// </summary>
    private static string Connections(LogFormat format, string table, LogDateRange range)
    {
        var (protocol, cipher, client, time, tls, failed) = format switch
        {
            LogFormat.AlbConnection => ("tls_protocol", "tls_cipher", "client_ip", "time",
                "tls_verify_status <> '-'", "tls_verify_status LIKE 'Failed%'"),
            LogFormat.AlbAccess => ("ssl_protocol", "ssl_cipher", "client_ip", "time",
                "(type IN ('https', 'h2', 'grpcs', 'wss') OR ssl_protocol <> '-')", "ssl_protocol = '-'"),
            // tls_handshake_time_ms is a double: "-" reads as NULL.
            LogFormat.NlbAccess => ("tls_protocol_version", "tls_cipher_suite", "client_ip", "time",
                "type = 'tls'", "tls_handshake_time_ms IS NULL"),
            _ => ("ssl_protocol", "ssl_cipher", "request_ip", "timestamp",
                "(ssl_protocol <> '-' OR url LIKE 'https://%')", "ssl_protocol = '-'"),
        };
        var where = tls;
        if (range.Since is { } s) where += $" AND day >= '{s:yyyy'/'MM'/'dd}'";
        if (range.Until is { } u) where += $" AND day <= '{u:yyyy'/'MM'/'dd}'";
        return $"WITH t AS (\n    SELECT {ProtocolCase(protocol)} AS protocol,\n        {cipher} AS cipher,\n        {client} AS client,\n" +
               $"        substr({time}, 1, 13) || ':00Z' AS hour,\n        ({failed}) AS failed\n    FROM {table}\n    WHERE {where}\n)";
    }

    /// <summary>The spellings <see cref="TlsVersion.TryParse"/> accepts from logs ("TLSv1", "tlsv12", "TLSv1.2"), as a CASE.</summary>
    private static string ProtocolCase(string column)
    {
        var arms = new List<string>();
        foreach (var v in new[] { TlsVersion.Tls10, TlsVersion.Tls11, TlsVersion.Tls12, TlsVersion.Tls13 })
        {
            var minor = v.Name[^1];
            var spellings = new List<string> { $"tlsv1.{minor}", $"tlsv1{minor}" };
            if (v == TlsVersion.Tls10) spellings.Add("tlsv1");
            arms.Add($"WHEN lower({column}) IN ({string.Join(", ", spellings.Select(x => $"'{x}'"))}) THEN '{v.Name}'");
        }
        return $"CASE {string.Join(" ", arms)} ELSE {column} END";
    }

    /// <summary>The policy's (protocol, cipher) pairs inline, every name the registry knows a suite by (logs write OpenSSL names).</summary>
    private static string Allowed(ServerPolicy policy)
    {
        var rows = PolicyPairs.Allowed(policy)
            .SelectMany(p => new[] { p.Suite.IanaName, p.Suite.Name, p.Suite.OpenSslName, p.Suite.OpenSslNameAlt, p.Suite.GnuTlsName }
                .OfType<string>().Where(n => n.Length > 0 && !n.Contains('\'')).Distinct(StringComparer.Ordinal)
                .Select(n => $"('{p.Version.Name}', '{n}')"))
            .ToList();
        if (rows.Count == 0) rows.Add("('-', '-')");
        return $"allowed (protocol, cipher) AS (\n    VALUES {string.Join(",\n        ", rows)}\n)";
    }

    private static IReadOnlyList<(string, string)> Cols(string list) =>
        list.Split(", ").Select(c => c.Split(' ')).Select(p => (p[0], p[1])).ToList();
}
