namespace TlsDoctor.Logs;

/// <summary>
/// An input that was not read as a log: <see cref="Unreadable"/> when reading failed (I/O error, corrupt gzip, S3
/// error: the answer is incomplete), otherwise its format was not recognised (e.g. AWS's ELBAccessLogTestFile).
/// </summary>
public sealed record SkippedFile(string File, string Reason, bool Unreadable);
