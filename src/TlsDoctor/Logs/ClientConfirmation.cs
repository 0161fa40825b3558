namespace TlsDoctor.Logs;

/// <summary>
/// An at-risk client whose user agent names a client profile, replayed exactly by the simulator against the policy:
/// <see cref="Fails"/> true means confirmed (the profile's whole offer is refused), false means the profile would
/// still agree on something else (the line's pair is at risk, the client is not).
/// </summary>
public sealed record ClientConfirmation(string Profile, string ProfileName, string UserAgent, long Connections, bool Fails, string Outcome);
