namespace TlsDoctor.Registry.OpenSsl;

/// <summary>
/// The result of expanding a cipher string: the suites `openssl ciphers -V STRING` prints, in its order
/// (the TLS 1.3 ciphersuites first, then the TLS 1.2-and-older list), or the reason OpenSSL refuses it.
/// </summary>
public sealed record OpenSslExpansion(
    IReadOnlyList<CipherSuite> Suites,
    IReadOnlyList<CipherSuite> Tls13Suites,
    IReadOnlyList<CipherSuite> LegacySuites,
    int? SecurityLevel,
    OpenSslCipherStringError? Error)
{
    public bool IsSuccess => Error is null;

    /// <summary>OpenSSL 3.0's default security level, used when the string has no @SECLEVEL.</summary>
    public const int DefaultSecurityLevel = 1;

    /// <summary>
    /// The suites a server or client configured with this string can actually use (`openssl ciphers -s`
    /// with PSK and SRP enabled): those the security level allows, in the same order. The level is
    /// <paramref name="securityLevel"/>, else the string's @SECLEVEL, else OpenSSL's default (1).
    /// </summary>
    public IReadOnlyList<CipherSuite> Supported(int? securityLevel = null)
    {
        var level = securityLevel ?? SecurityLevel ?? DefaultSecurityLevel;
        return Suites.Where(s => OpenSslCipherString.IsAllowedAtSecurityLevel(s, level)).ToArray();
    }

    internal static OpenSslExpansion Failed(OpenSslCipherStringError error) => new([], [], [], null, error);
}
