namespace TlsDoctor.Scanning;

/// <summary>
/// Sends one hello per call on a fresh connection and reports what the server chose. The scan's
/// enumerators talk only to this interface; tests substitute a simulated server.
/// </summary>
public interface IHandshakeProber
{
    Task<ProbeOutcome> ProbeAsync(HelloSpec hello, CancellationToken ct);

    Task<Sslv2Outcome> ProbeSslv2Async(CancellationToken ct);

    /// <summary>
    /// A hint that <paramref name="count"/> more probes will follow soon: a prober may open their connections now, while
    /// the current hellos are in flight, so that the next probes do not wait for a TCP handshake. Optional.
    /// </summary>
    void Prewarm(int count) { }

    /// <summary>Handshakes (connections) attempted so far.</summary>
    int Handshakes { get; }
}
