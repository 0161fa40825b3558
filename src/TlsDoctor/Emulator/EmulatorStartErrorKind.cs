namespace TlsDoctor.Emulator;

public enum EmulatorStartErrorKind
{
    /// <summary>The listening address is in use or not available.</summary>
    ListenFailed,
    /// <summary>The backend refused, timed out or did not resolve.</summary>
    BackendUnreachable,
    /// <summary>The policy leaves nothing the served certificates can negotiate.</summary>
    NothingToServe,
}
