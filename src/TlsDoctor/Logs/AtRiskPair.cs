namespace TlsDoctor.Logs;

/// <summary>A negotiated (protocol, cipher) pair the policy under test cannot negotiate, with its connections, distinct clients, the reason, and example lines ("file:line client").</summary>
public sealed record AtRiskPair(string Protocol, string Cipher, long Connections, long Clients, string Reason, IReadOnlyList<string> Examples);
