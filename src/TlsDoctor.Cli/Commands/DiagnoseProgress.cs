namespace TlsDoctor.Cli.Commands;

/// <summary>
/// Progress lines of diagnose and report ("… scanning"), written as they are reported. Progress&lt;T&gt; would post them
/// to the thread pool, where a late line could be written after the command returned, or beside another write.
/// </summary>
public sealed class DiagnoseProgress(TextWriter stderr) : IProgress<string>
{
    public void Report(string value)
    {
        lock (stderr) stderr.WriteLine($"… {value}");
    }
}
