namespace TlsDoctor.Logs;

/// <summary>Receives every well-formed line of one worker's files; one instance per worker, merged afterwards.</summary>
public interface ILogVisitor
{
    void Visit(in LogRecord record, string file, long line);
}
