namespace TlsDoctor.Capture;

/// <summary>
/// A client profile that a captured fingerprint belongs to, and how that is known: "JA4" or "JA3" (the profile's own
/// captured hello has that fingerprint), or "cipher suites" (the same suites in the same order and the same highest version
/// as the profile, a weaker likeness for profiles known only from their offer).
/// </summary>
public sealed record ProfileMatch(string Id, string Name, string By);
