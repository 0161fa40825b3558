namespace TlsDoctor.Logs;

/// <summary>The summary's visitor: one <see cref="FormatTally"/> per format seen by the worker.</summary>
internal sealed class SummaryTally : ILogVisitor
{
    public readonly FormatTally?[] ByFormat = new FormatTally?[LogFormats.All.Count];

    public void Visit(in LogRecord record, string file, long line)
    {
        if (record.IsTls) (ByFormat[(int)record.Format] ??= new FormatTally()).Add(record);
    }
}
