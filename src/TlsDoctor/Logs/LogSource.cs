namespace TlsDoctor.Logs;

/// <summary>One log file to read: its name (path, "-" or s3:// key, for messages and format recognition) and how to open it.</summary>
public sealed record LogSource(string Name, Func<Stream> Open)
{
    /// <summary>Size in bytes when known beforehand (for progress); null otherwise.</summary>
    public long? Length { get; init; }
}
