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
    /// Sends a hello built elsewhere (a client's own, as diagnose sends it) on a new connection and reads the answer as
    /// <see cref="ProbeAsync"/> does, checked against the hello's suites. Optional: probers that only send the hellos they
    /// build answer with a failure.
    /// </summary>
    Task<ProbeOutcome> SendAsync(Wire.ClientHello hello, CancellationToken ct) =>
        Task.FromResult(ProbeOutcome.Of(new ProbeFailure.DecodeError(0, "this prober sends only the hellos it builds")));

    /// <summary>
    /// A TLS 1.3 hello (with real key shares for <see cref="HelloSpec.KeyShareGroups"/>) whose answer is read through the
    /// encryption up to CertificateVerify: the certificate chain and the scheme the server signs with. One connection.
    /// Optional: probers that cannot answer return <see cref="Tls13Flight.NotAvailable"/>.
    /// </summary>
    Task<Tls13Flight> ProbeTls13FlightAsync(HelloSpec hello, CancellationToken ct) => Task.FromResult(Tls13Flight.NotAvailable);

    /// <summary>
    /// A hint that <paramref name="count"/> more probes will follow soon: a prober may open their connections now, while
    /// the current hellos are in flight, so that the next probes do not wait for a TCP handshake. Optional.
    /// </summary>
    void Prewarm(int count) { }

    /// <summary>Handshakes (connections) attempted so far.</summary>
    int Handshakes { get; }
}
