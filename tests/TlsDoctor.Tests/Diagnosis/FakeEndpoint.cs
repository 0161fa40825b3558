using TlsDoctor.Negotiation;
using TlsDoctor.Scanning;
using TlsDoctor.Wire;

namespace TlsDoctor.Tests.Diagnosis;

/// <summary>
/// A prober whose endpoint enforces a catalog policy, answering each client's hello as the simulator negotiates it (or, when
/// <see cref="AlwaysSelects"/> is set, with that suite whatever was offered); answers are checked against the offer as
/// Scanning's raw prober checks them. Counts the hellos it was sent.
/// </summary>
public sealed class FakeEndpoint(ServerPolicy policy, IReadOnlyCollection<CertificateKind> certificates) : IHandshakeProber
{
    private int _handshakes;

    public ushort? AlwaysSelects { get; init; }
    public int Handshakes => Volatile.Read(ref _handshakes);

    public Task<ProbeOutcome> ProbeAsync(HelloSpec hello, CancellationToken ct) => throw new NotSupportedException("diagnose sends clients' own hellos");

    public Task<Sslv2Outcome> ProbeSslv2Async(CancellationToken ct) => throw new NotSupportedException("diagnose sends clients' own hellos");

    public Task<ProbeOutcome> SendAsync(ClientHello hello, CancellationToken ct)
    {
        Interlocked.Increment(ref _handshakes);
        var outcome = Simulator.Negotiate(hello.ToClientOffer(), policy, certificates) switch
        {
            NegotiationOutcome.Agreed a => ProbeOutcome.Of(new ServerAnswer { Version = a.Version, CipherSuite = AlwaysSelects ?? a.Suite, Group = a.Group }),
            NegotiationOutcome.Refused r => ProbeOutcome.Of(new ProbeFailure.Alert(2, r.ExpectedAlert)),
            _ => throw new InvalidOperationException("unknown outcome"),
        };
        return Task.FromResult(OfferCheck.Verify(hello.CipherSuites, outcome));
    }
}
