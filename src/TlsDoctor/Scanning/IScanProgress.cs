namespace TlsDoctor.Scanning;

/// <summary>Receives progress of a multi-target scan (for a progress display); called from any thread.</summary>
public interface IScanProgress
{
    void Started(ScanTarget target);
    void Finished(ScanTarget target, ScanResult result, int done, int total);
}
