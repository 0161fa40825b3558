namespace TlsDoctor.Diagnosis;

/// <summary>How an endpoint answered one client's ClientHello, sent for real.</summary>
public enum LiveAnswerKind
{
    /// <summary>A ServerHello: the server accepted the hello.</summary>
    ServerHello,
    /// <summary>A fatal alert: the server refused the hello.</summary>
    Alert,
    /// <summary>A ServerHello no client accepts (a suite the client did not offer, a TLS 1.3 suite in a TLS 1.2 ServerHello): the client aborts.</summary>
    ProtocolViolation,
    /// <summary>The server closed or reset the connection without a TLS answer.</summary>
    Closed,
    /// <summary>No answer within the deadline.</summary>
    Timeout,
    /// <summary>The TCP connection could not be made.</summary>
    ConnectFailed,
    /// <summary>The answer is not TLS or does not decode.</summary>
    NotTls,
    /// <summary>Not sent: the client's offer cannot be expressed as a TLS ClientHello (SSL 2.0 only).</summary>
    NotSent,
}
