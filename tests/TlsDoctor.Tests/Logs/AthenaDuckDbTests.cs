using System.Data.Common;
using DuckDB.NET.Data;
using TlsDoctor.Logs;
using TlsDoctor.Policies;

namespace TlsDoctor.Tests.Logs;

/// <summary>
/// The Athena statements run on DuckDB over the sample logs and generated logs, through a view that applies the
/// table's regex the way Hive's RegexSerDe does (whole-line match, groups in column order, Athena's types), and give
/// the streaming reader's numbers.
/// </summary>
public class AthenaDuckDbTests
{
    private const string Policy = "ELBSecurityPolicy-TLS13-1-2-2021-06";

    [Theory]
    [InlineData("alb-connection")]
    [InlineData("alb-access")]
    [InlineData("nlb-access")]
    [InlineData("clb-access")]
    public void AthenaQueriesOnDuckDbGiveTheStreamingNumbers(string type)
    {
        var format = LogFormats.Parse(type)!.Value;
        using var files = new LogTestFiles();
        var samples = Directory.GetFiles(RepoPaths.SharedReference("aws/log-samples"), type + ".*.log");
        Assert.NotEmpty(samples);
        foreach (var sample in samples) File.Copy(sample, Path.Combine(files.Root, Path.GetFileName(sample)));
        var generator = new LogGenerator(31) { FailureRate = 0.1 };
        files.Write("2025-03-01", "generated.log.gz", w => generator.Write(type, w, 2500));

        var options = new LogScanOptions { Format = format };
        var summary = LogSummarizer.Summarize(files.Sources(), options);
        var whatIf = LogWhatIf.Analyze(files.Sources(), PolicyCatalog.Get(Policy)!, options);
        Assert.Equal(0, summary.Scan.Malformed);

        var statements = AthenaSql.For(format, "s3://bucket/prefix/AWSLogs/123456789012/elasticloadbalancing/us-east-2/", null, PolicyCatalog.Get(Policy), LogDateRange.All, out var error)!;
        Assert.Null(error);
        using var db = new DuckDBConnection("DataSource=:memory:");
        db.Open();
        Load(db, files.Sources(), statements);

        var totals = Rows(db, Query(statements, "connections")).Single();
        Assert.Equal((summary.Connections, summary.Failed), (N(totals[0]), N(totals[1] ?? 0L)));
        Assert.Equal(summary.ByProtocol, Rows(db, Query(statements, "by-protocol")).ToDictionary(r => (string)r[0]!, r => N(r[1])));
        var byCipher = Rows(db, Query(statements, "by-cipher"))
            .GroupBy(r => LogNames.Cipher((string)r[0]!)).ToDictionary(g => g.Key, g => g.Sum(r => N(r[1])));
        Assert.Equal(summary.ByCipher.OrderBy(x => x.Key), byCipher.OrderBy(x => x.Key));
        Assert.Equal(summary.FailedByClient.Select(c => (c.Client, c.Count)).OrderBy(x => x),
            Rows(db, Query(statements, "failed-by-client")).Select(r => ((string)r[0]!, N(r[1]))).OrderBy(x => x));
        Assert.Equal(summary.FailedByHour.Select(h => (h.Hour, h.Count)),
            Rows(db, Query(statements, "failed-by-hour")).Select(r => ((string)r[0]!, N(r[1]))));

        var risk = Rows(db, Query(statements, "what-if")).Single();
        Assert.Equal((whatIf.AtRisk, whatIf.AtRiskClients), (N(risk[0]), N(risk[1])));
        Assert.True(whatIf.AtRisk > 0);
        var pairs = Rows(db, Query(statements, "what-if-pairs"))
            .GroupBy(r => ((string)r[0]!, LogNames.Cipher((string)r[1]!))).ToDictionary(g => g.Key, g => g.Sum(r => N(r[2])));
        Assert.Equal(whatIf.Pairs.ToDictionary(p => (p.Protocol, p.Cipher), p => p.Connections).OrderBy(x => x.Key), pairs.OrderBy(x => x.Key));
    }

    [Fact]
    public void TheTableStatementHasTheRegexSerDeAndPartitionProjection()
    {
        var s = AthenaSql.For(LogFormat.AlbConnection, "s3://logs/AWSLogs/123456789012/elasticloadbalancing/us-east-2", "conns", null, LogDateRange.All, out _)!;
        Assert.Contains("ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'", s.CreateTable);
        Assert.Contains("'input.regex' = '([^ ]*) ([^ ]*) ([0-9]*) ([0-9]*) ([A-Za-z0-9.-]*) ([^ ]*) ([-.0-9]*) \\\"([^\\\"]*)\\\" ([^ ]*) ([^ ]*) ([^ ]*) ?([^ ]*)?( .*)?'", s.CreateTable);
        Assert.Contains("'storage.location.template' = 's3://logs/AWSLogs/123456789012/elasticloadbalancing/us-east-2/${day}'", s.CreateTable);
        Assert.Contains("'projection.day.format' = 'yyyy/MM/dd'", s.CreateTable);
        Assert.DoesNotContain(s.Queries, q => q.Name.StartsWith("what-if"));
        Assert.Null(AthenaSql.For(LogFormat.AlbConnection, "/local/path", null, null, LogDateRange.All, out var error));
        Assert.Contains("not an S3 location", error);
    }

    /// <summary>
    /// The test harness's translation of the DDL to DuckDB: the lines in a table, and a view named like the Athena table
    /// that keeps whole-line regex matches (RegexSerDe gives NULL rows otherwise, which no query counts) and casts each
    /// group to the column's type as Athena does (a value that does not convert reads as NULL). The regex's \" are the
    /// DDL string's escapes for a quote.
    /// </summary>
    private static void Load(DuckDBConnection db, IReadOnlyList<LogSource> sources, AthenaStatements statements)
    {
        Execute(db, "CREATE TABLE raw (line VARCHAR)");
        using (var appender = db.CreateAppender("raw"))
            foreach (var source in sources)
            {
                using var reader = new LogLineReader(source.Open());
                while (reader.TryReadLine(out var line))
                    if (!line.IsEmpty) appender.CreateRow().AppendValue(System.Text.Encoding.UTF8.GetString(line)).EndRow();
            }
        var regex = statements.Regex.Replace("\\\"", "\"").Replace("'", "''");
        // regexp_extract with a list of names returns every group (by number) as a struct field: DuckDB's form for more than 9 groups.
        var names = string.Join(", ", statements.Columns.Select(c => $"'{c.Name}'"));
        var columns = statements.Columns.Select(c =>
        {
            var group = $"NULLIF(g.{c.Name}, '')";
            var type = c.Type switch { "int" => "INTEGER", "bigint" => "BIGINT", "double" => "DOUBLE", _ => null };
            return (type is null ? group : $"TRY_CAST({group} AS {type})") + " AS " + c.Name;
        });
        Execute(db, $"CREATE VIEW {statements.Table} AS SELECT {string.Join(", ", columns)}, '' AS day " +
                    $"FROM (SELECT regexp_extract(line, '{regex}', [{names}]) AS g FROM raw WHERE regexp_full_match(line, '{regex}'))");
        Assert.Equal(Scalar(db, "SELECT count(*) FROM raw"), Scalar(db, $"SELECT count(*) FROM {statements.Table}"));
    }

    /// <summary>DuckDB's count_if is a HUGEINT (BigInteger in .NET); count(*) a BIGINT.</summary>
    private static long N(object? value) => value is System.Numerics.BigInteger b ? (long)b : Convert.ToInt64(value);

    private static string Query(AthenaStatements s, string name) => s.Queries.Single(q => q.Name == name).Sql;

    private static void Execute(DuckDBConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(DuckDBConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return N(command.ExecuteScalar());
    }

    private static List<object?[]> Rows(DuckDBConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        using DbDataReader reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }
}
