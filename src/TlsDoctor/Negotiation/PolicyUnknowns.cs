namespace TlsDoctor.Negotiation;

/// <summary>Facts about a policy that no source gives; the matching lists are empty or partial, never guessed.</summary>
[Flags]
public enum PolicyUnknowns
{
    None = 0,
    /// <summary>The enabled protocol versions are not known (<see cref="ServerPolicy.Versions"/> is empty).</summary>
    Protocols = 1,
    /// <summary>The TLS 1.3 suites are not known (none of them is in <see cref="ServerPolicy.CipherSuites"/>).</summary>
    Tls13CipherSuites = 2,
    /// <summary>The TLS 1.0–1.2 suites are not known (none of them is in <see cref="ServerPolicy.CipherSuites"/>).</summary>
    Tls12CipherSuites = 4,
    /// <summary>Membership is known but the server's preference order is not.</summary>
    CipherOrder = 8,
    /// <summary>The supported groups are absent or only partly stated (<see cref="ServerPolicy.Groups"/> is null or partial).</summary>
    Groups = 16,
}
