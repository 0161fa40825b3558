using TlsDoctor.Negotiation;

namespace TlsDoctor.Capture;

/// <summary>
/// What the catalog says about one captured client: the outcome against the chosen policy (when one was given), and how
/// many of the AWS policies accept it, by id.
/// </summary>
public sealed record CaptureVerdict(
    ServerPolicy? Policy,
    NegotiationOutcome? Outcome,
    int AwsAccepted,
    int AwsTotal,
    IReadOnlyList<string> AcceptedBy);
