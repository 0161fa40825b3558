namespace TlsDoctor.Negotiation;

/// <summary>
/// The policy that accepts every client with the least change from the current one: what it adds and removes (and any
/// TLS 1.3 it gives up), and the commands that apply it (none when the current policy already accepts every client).
/// </summary>
public sealed record LeastChange(ServerPolicy Policy, IReadOnlyList<string> Changes, IReadOnlyList<string> Commands);
