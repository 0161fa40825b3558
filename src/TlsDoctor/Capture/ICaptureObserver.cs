namespace TlsDoctor.Capture;

/// <summary>Told about each row right after it is committed to the store (so what is shown is what is stored).</summary>
public interface ICaptureObserver
{
    void OnRecorded(CapturedHello hello);
}
