namespace TlsDoctor.Logs;

/// <summary>One Athena statement: a short name ("connections", "by-protocol", …), what it answers, and the SQL.</summary>
public sealed record AthenaQuery(string Name, string Description, string Sql);
