namespace TlsDoctor.Logs;

/// <summary>A progress snapshot of a scan: files finished of all, lines and (compressed) bytes read so far.</summary>
public readonly record struct LogScanProgress(int FilesDone, int FilesTotal, long Lines, long Bytes);
