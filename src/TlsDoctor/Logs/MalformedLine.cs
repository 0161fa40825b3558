namespace TlsDoctor.Logs;

/// <summary>A line that does not fit its file's format: where it is and why (its text is not kept: logs hold client data).</summary>
public sealed record MalformedLine(string File, long Line, string Reason);
