using TlsDoctor.Negotiation;

namespace TlsDoctor.Diagnosis;

/// <summary>
/// One client against the endpoint: what the simulator predicts from the policy, what the endpoint actually answered
/// to the client's hello, and (when it fails) the most secure policy that admits this client.
/// </summary>
public sealed record ClientDiagnosis(string Client, ClientOffer Offer, NegotiationOutcome Predicted, LiveAnswer Live, Recommendation? Fix)
{
    /// <summary>The handshake fails: by the endpoint's answer when one was obtained, else by prediction.</summary>
    public bool Fails => Live.Kind switch
    {
        LiveAnswerKind.ServerHello => false,
        LiveAnswerKind.Alert or LiveAnswerKind.Closed or LiveAnswerKind.ProtocolViolation => true,
        _ => !Predicted.IsAgreed,
    };

    /// <summary>False when the endpoint's answer contradicts the prediction (the policy is not what the catalog says, or the client profile is off).</summary>
    public bool PredictionConfirmed => Live.Kind switch
    {
        LiveAnswerKind.ServerHello => Predicted is NegotiationOutcome.Agreed a && a.Suite == Live.Suite && a.Version == Live.Version,
        LiveAnswerKind.Alert or LiveAnswerKind.Closed => !Predicted.IsAgreed,
        // No policy makes a server select what the client did not offer.
        LiveAnswerKind.ProtocolViolation => false,
        _ => true,
    };
}
