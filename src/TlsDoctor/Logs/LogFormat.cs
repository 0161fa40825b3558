namespace TlsDoctor.Logs;

/// <summary>The Elastic Load Balancing log formats TlsDoctor reads (field lists: docs/logs.md).</summary>
public enum LogFormat
{
    AlbConnection,
    AlbAccess,
    NlbAccess,
    ClbAccess,
}
