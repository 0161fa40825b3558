namespace TlsDoctor.Scanning;

/// <summary>
/// Sends one hello per call on a fresh connection and reports what the server chose. The scan's
/// enumerators talk only to this interface; tests substitute a simulated server.
/// </summary>
public interface IHandshakeProber
{
    Task<ProbeOutcome> ProbeAsync(HelloSpec hello, CancellationToken ct);

    Task<Sslv2Outcome> ProbeSslv2Async(CancellationToken ct);

    /// <summary>Handshakes (connections) attempted so far.</summary>
    int Handshakes { get; }
}
