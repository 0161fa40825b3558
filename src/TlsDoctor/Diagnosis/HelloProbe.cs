using TlsDoctor.Negotiation;
using TlsDoctor.Scanning;

namespace TlsDoctor.Diagnosis;

/// <summary>
/// Sends one client's ClientHello (built from its offer) through Scanning's prober and turns the first answer into a
/// <see cref="LiveAnswer"/>: a ServerHello, an alert, a protocol violation (a suite the client did not offer), or why
/// there was none. The prober owns the connection and its deadlines; never throws for network trouble.
/// </summary>
public static class HelloProbe
{
    public static async Task<LiveAnswer> SendAsync(IHandshakeProber prober, ClientOffer offer, string? serverName, CancellationToken cancellationToken)
    {
        Wire.ClientHello hello;
        try
        {
            if (offer.ToHelloBuilder(serverName) is not { } builder) return new LiveAnswer(LiveAnswerKind.NotSent, Detail: "the client offers SSL 2.0 only");
            hello = builder.Build();
        }
        catch (InvalidOperationException e)
        {
            return new LiveAnswer(LiveAnswerKind.NotSent, Detail: e.Message);
        }
        return From(await prober.SendAsync(hello, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The live answer a probe's outcome means for a client.</summary>
    public static LiveAnswer From(ProbeOutcome outcome) => outcome switch
    {
        { Answer: { } a } => new LiveAnswer(LiveAnswerKind.ServerHello, a.Version, a.CipherSuite),
        { Failure: ProbeFailure.Alert alert } => new LiveAnswer(LiveAnswerKind.Alert, Alert: alert.DescriptionName, Detail: alert.Message),
        { Failure: ProbeFailure.ProtocolViolation v } => new LiveAnswer(LiveAnswerKind.ProtocolViolation, Suite: v.Suite, Detail: v.Message),
        { Failure: ProbeFailure.Closed or ProbeFailure.Reset } => new LiveAnswer(LiveAnswerKind.Closed, Detail: outcome.Failure.Message),
        { Failure: { IsConnectivity: true } f } => new LiveAnswer(LiveAnswerKind.ConnectFailed, Detail: f.Message),
        { Failure: ProbeFailure.Timeout t } => new LiveAnswer(LiveAnswerKind.Timeout, Detail: t.Message),
        { Failure: { } f } => new LiveAnswer(LiveAnswerKind.NotTls, Detail: f.Message),
        _ => new LiveAnswer(LiveAnswerKind.Closed, Detail: "no answer"),
    };
}
