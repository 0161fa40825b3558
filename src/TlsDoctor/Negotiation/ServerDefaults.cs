using TlsDoctor.Registry;

namespace TlsDoctor.Negotiation;

/// <summary>
/// What the simulator assumes where a policy leaves something unstated, and what the simulated server's
/// certificates are. Each default is OpenSSL 3.0's, the implementation the differential tests run against.
/// </summary>
public static class ServerDefaults
{
    /// <summary>
    /// Groups a server accepts when the policy does not state them: OpenSSL 3.0's default supported_groups
    /// list (ssl/t1_lib.c, eccurves_default + ffdh groups), in its order.
    /// </summary>
    public static IReadOnlyList<ushort> Groups { get; } =
        [0x001D, 0x0017, 0x001E, 0x0019, 0x0018, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104];

    /// <summary>
    /// Signature schemes in OpenSSL 3.0's default preference order (ssl/t1_lib.c, tls12_sigalgs), used when a
    /// policy does not state its own and the server's preference wins.
    /// </summary>
    public static IReadOnlyList<ushort> SignatureAlgorithms { get; } =
    [
        0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x081A, 0x081B, 0x081C,
        0x0809, 0x080A, 0x080B, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601,
        0x0303, 0x0203, 0x0301, 0x0201,
    ];

    /// <summary>
    /// The named curve of the simulated ECDSA certificate. ELB issues ECDSA certificates through ACM on
    /// P-256 by default (ACM "EC_prime256v1"), and the test certificates use it too.
    /// </summary>
    public const ushort EcdsaCertificateCurve = 0x0017;

    /// <summary>The TLS 1.3 signature scheme bound to <see cref="EcdsaCertificateCurve"/> (RFC 8446 section 4.2.3).</summary>
    public const ushort EcdsaCertificateTls13Scheme = 0x0403;
}
