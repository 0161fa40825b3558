namespace TlsDoctor.Scanning;

/// <summary>The result of one probe: the server's answer, or the failure that replaced it.</summary>
public sealed record ProbeOutcome(ServerAnswer? Answer, ProbeFailure? Failure)
{
    public static ProbeOutcome Of(ServerAnswer answer) => new(answer, null);
    public static ProbeOutcome Of(ProbeFailure failure) => new(null, failure);

    public bool IsAnswer => Answer is not null;

    /// <summary>
    /// A clean refusal: the server understood the hello and said no with an alert. Resets, closes and
    /// timeouts are not clean; a server that rejects large hellos often answers that way.
    /// </summary>
    public bool IsCleanRefusal => Failure is ProbeFailure.Alert a && a.Description is not (22 or 50 or 80);
}
