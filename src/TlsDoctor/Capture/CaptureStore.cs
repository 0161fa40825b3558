using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using TlsDoctor.Negotiation;

namespace TlsDoctor.Capture;

/// <summary>
/// The SQLite database of captured hellos: one row per hello (or per connection that failed to send one).
/// WAL journal with synchronous=NORMAL: a committed transaction is in the WAL file before <see cref="Append"/>
/// returns, so it survives the process being killed (kill -9); an operating-system crash or power loss can lose the
/// last transactions (https://www.sqlite.org/wal.html, https://www.sqlite.org/pragma.html#pragma_synchronous).
/// Not thread-safe: one writer per instance.
/// </summary>
public sealed class CaptureStore : IDisposable
{
    public const int SchemaVersion = 1;

    private readonly SqliteConnection _connection;

    public string Path { get; }

    private CaptureStore(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    /// <summary>Opens (creating when missing) the database at <paramref name="path"/>.</summary>
    public static CaptureStore Open(string path, bool readOnly = false)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        if (!readOnly)
        {
            Execute(connection, "PRAGMA journal_mode=WAL;");
            Execute(connection, "PRAGMA synchronous=NORMAL;");
            Execute(connection, "PRAGMA busy_timeout=30000;");
            Execute(connection, """
                CREATE TABLE IF NOT EXISTS hellos (
                    id INTEGER PRIMARY KEY,
                    time TEXT NOT NULL,
                    client TEXT NOT NULL,
                    server TEXT NOT NULL,
                    transport TEXT NOT NULL,
                    source TEXT NOT NULL,
                    raw BLOB,
                    malformed TEXT,
                    server_name TEXT,
                    alpn TEXT NOT NULL,
                    versions TEXT NOT NULL,
                    cipher_suites INTEGER NOT NULL,
                    ja3 TEXT,
                    ja3_string TEXT,
                    ja4 TEXT,
                    ja4_r TEXT
                );
                CREATE INDEX IF NOT EXISTS hellos_ja4 ON hellos(ja4);
                """);
            Execute(connection, $"PRAGMA user_version={SchemaVersion};");
        }
        return new CaptureStore(path, connection);
    }

    /// <summary>Stores the rows in one transaction; returns them with their ids. When this returns, they are committed.</summary>
    public IReadOnlyList<CapturedHello> Append(IReadOnlyList<CapturedHello> hellos)
    {
        if (hellos.Count == 0) return hellos;
        var stored = new List<CapturedHello>(hellos.Count);
        using var transaction = _connection.BeginTransaction();
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO hellos (time, client, server, transport, source, raw, malformed, server_name, alpn, versions,
                                cipher_suites, ja3, ja3_string, ja4, ja4_r)
            VALUES ($time, $client, $server, $transport, $source, $raw, $malformed, $sni, $alpn, $versions,
                    $suites, $ja3, $ja3s, $ja4, $ja4r)
            RETURNING id;
            """;
        var p = new Dictionary<string, SqliteParameter>();
        foreach (var name in new[] { "$time", "$client", "$server", "$transport", "$source", "$raw", "$malformed", "$sni", "$alpn", "$versions", "$suites", "$ja3", "$ja3s", "$ja4", "$ja4r" })
            p[name] = command.Parameters.Add(new SqliteParameter { ParameterName = name });
        foreach (var h in hellos)
        {
            p["$time"].Value = h.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
            p["$client"].Value = h.Client;
            p["$server"].Value = h.Server;
            p["$transport"].Value = TransportName(h.Transport);
            p["$source"].Value = h.Source;
            p["$raw"].Value = (object?)h.Raw ?? DBNull.Value;
            p["$malformed"].Value = (object?)h.Malformed ?? DBNull.Value;
            p["$sni"].Value = (object?)h.ServerName ?? DBNull.Value;
            p["$alpn"].Value = JsonSerializer.Serialize(h.Alpn, CaptureJsonContext.Default.IReadOnlyListString);
            p["$versions"].Value = JsonSerializer.Serialize(h.Versions, CaptureJsonContext.Default.IReadOnlyListString);
            p["$suites"].Value = h.CipherSuiteCount;
            p["$ja3"].Value = (object?)h.Ja3 ?? DBNull.Value;
            p["$ja3s"].Value = (object?)h.Ja3String ?? DBNull.Value;
            p["$ja4"].Value = (object?)h.Ja4 ?? DBNull.Value;
            p["$ja4r"].Value = (object?)h.Ja4R ?? DBNull.Value;
            var id = (long)command.ExecuteScalar()!;
            stored.Add(h with { Id = id });
        }
        transaction.Commit();
        return stored;
    }

    /// <summary>Every row in id order (streamed).</summary>
    public IEnumerable<CapturedHello> ReadAll()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT id, time, client, server, transport, source, raw, malformed, server_name, alpn, versions,
                   cipher_suites, ja3, ja3_string, ja4, ja4_r
            FROM hellos ORDER BY id
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new CapturedHello
            {
                Id = reader.GetInt64(0),
                Time = DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                Client = reader.GetString(2),
                Server = reader.GetString(3),
                Transport = reader.GetString(4) == "quic" ? CaptureTransport.Quic : CaptureTransport.Tcp,
                Source = reader.GetString(5),
                Raw = reader.IsDBNull(6) ? null : (byte[])reader.GetValue(6),
                Malformed = NullableString(reader, 7),
                ServerName = NullableString(reader, 8),
                Alpn = JsonSerializer.Deserialize(reader.GetString(9), CaptureJsonContext.Default.IReadOnlyListString) ?? [],
                Versions = JsonSerializer.Deserialize(reader.GetString(10), CaptureJsonContext.Default.IReadOnlyListString) ?? [],
                CipherSuiteCount = reader.GetInt32(11),
                Ja3 = NullableString(reader, 12),
                Ja3String = NullableString(reader, 13),
                Ja4 = NullableString(reader, 14),
                Ja4R = NullableString(reader, 15),
            };
        }
    }

    /// <summary>
    /// The distinct clients in a capture database as client offers, one per JA4 (the latest hello of each stands for
    /// the group), most frequent first, named "JA4 t13d… (N hellos; SNI …)". For `recommend --capture FILE` and any other
    /// question that needs the clients' side. Throws <see cref="FileNotFoundException"/> when the file does not exist.
    /// </summary>
    public static IReadOnlyList<ClientOffer> LoadClients(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException("capture database not found", path);
        using var store = Open(path, readOnly: true);
        return store.LoadClients();
    }

    /// <inheritdoc cref="LoadClients(string)"/>
    public IReadOnlyList<ClientOffer> LoadClients() =>
        CaptureReport.Build(ReadAll()).Clients
            .Select(g => HelloAnalyzer.ToClientOffer(g.Example, $"JA4 {g.Ja4} ({g.Count} hello{(g.Count == 1 ? "" : "s")}{(g.ServerNames.Count > 0 ? "; SNI " + string.Join(", ", g.ServerNames.Take(3)) : "")})"))
            .OfType<ClientOffer>()
            .ToList();

    public long Count()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM hellos";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>"ok" when SQLite's integrity check passes, else its first complaint.</summary>
    public string IntegrityCheck()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }

    public static string TransportName(CaptureTransport transport) => transport == CaptureTransport.Quic ? "quic" : "tcp";

    private static string? NullableString(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
