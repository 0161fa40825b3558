namespace TlsDoctor.Logs;

/// <summary>The Athena statements for one log type: the table (regex SerDe, partition projection) and the queries.</summary>
public sealed record AthenaStatements(string Table, LogFormat Format, string Regex, IReadOnlyList<(string Name, string Type)> Columns, string CreateTable, IReadOnlyList<AthenaQuery> Queries);
