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

    internal static OpenSslExpansion Failed(OpenSslCipherStringError error) => new([], [], [], null, error);
}
