namespace TlsDoctor.Emulator;

/// <summary>How one connection to the emulator ended, as logged in the `outcome` field.</summary>
public enum ConnectionOutcome
{
    /// <summary>The handshake completed.</summary>
    Success,
    /// <summary>The policy refused the client: the server sent a fatal alert during the handshake.</summary>
    Refused,
    /// <summary>The policy accepts the client with a suite or version the engine cannot complete (RC4, single DES, export, SSL 3.0): answered with ServerHello, Certificate, ServerHelloDone, then closed.</summary>
    HelloOnly,
    /// <summary>The client aborted the handshake with a fatal alert (for example, it did not trust the certificate).</summary>
    ClientAlert,
    /// <summary>The client closed or reset the connection before the handshake completed.</summary>
    ClientClosed,
    /// <summary>The handshake did not finish within the handshake deadline.</summary>
    Timeout,
    /// <summary>The first bytes were not a TLS ClientHello.</summary>
    NotTls,
    /// <summary>The handshake completed but the backend could not be reached.</summary>
    BackendUnavailable,
    /// <summary>An unexpected error in the emulator (a bug); the listener keeps running.</summary>
    Error,
}
