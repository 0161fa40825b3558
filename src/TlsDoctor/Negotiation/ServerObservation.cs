using TlsDoctor.Registry;

namespace TlsDoctor.Negotiation;

/// <summary>
/// What a scan saw of an endpoint, in the shape Identify compares with the catalog: the versions it accepted, the
/// suites it accepted in the order observed (TLS 1.3 suites included), the key types of the certificates it
/// presented, whether it enforced its own suite order (null when not determined) and the groups it accepted
/// (null when not probed). Scanning.ScanObservation folds a scan into it.
/// </summary>
public sealed record ServerObservation
{
    public required IReadOnlyList<TlsVersion> Versions { get; init; }
    public required IReadOnlyList<ushort> CipherSuites { get; init; }
    public required IReadOnlyCollection<CertificateKind> Certificates { get; init; }
    public bool? ServerOrder { get; init; }
    public IReadOnlyList<ushort>? Groups { get; init; }

    /// <summary>
    /// The server enforces its order but moves ChaCha20-Poly1305 to the top when the client lists it first (OpenSSL's
    /// SSL_OP_PRIORITIZE_CHACHA, on in haproxy): still server order for Identify.
    /// </summary>
    public bool ChaChaPriority { get; init; }

    /// <summary>Why the observation is a part of what the endpoint accepts (a scan cut short); null when complete. Never matched exactly.</summary>
    public string? Incomplete { get; init; }

    /// <summary>The observation a server enforcing <paramref name="policy"/> with these certificates produces for a complete scan.</summary>
    public static ServerObservation Expected(ServerPolicy policy, IReadOnlyCollection<CertificateKind> certificates)
    {
        var versions = policy.Versions.Where(v => v.IsKnown).ToList();
        var hasTls13 = versions.Contains(TlsVersion.Tls13);
        var legacy = versions.Where(v => v < TlsVersion.Tls13 && v != TlsVersion.SSLv2).DefaultIfEmpty(TlsVersion.SSLv2).Max();
        var suites = new List<ushort>();
        foreach (var code in policy.CipherSuites)
        {
            if (Registry.CipherSuites.Find(code) is not { IsSignalling: false } s) continue;
            if (s.IsTls13) { if (hasTls13) suites.Add(code); continue; }
            if (legacy < TlsVersion.SSLv3 || s.MinProtocol is { } min && min > legacy || s.IsExport) continue;
            // A suite is seen only when the server holds the certificate its authentication needs.
            var fits = (s.Kx, s.Auth) switch
            {
                ("RSA" or "DH" or "ECDH", "RSA") => certificates.Contains(CertificateKind.Rsa),
                ("ECDH", "ECDSA") => certificates.Contains(CertificateKind.Ecdsa),
                ("DH" or "ECDH", "None") => true,
                _ => false,
            };
            if (fits) suites.Add(code);
        }
        return new ServerObservation
        {
            Versions = versions,
            CipherSuites = suites,
            Certificates = certificates,
            ServerOrder = policy.ServerOrder,
            Groups = policy.Groups,
        };
    }
}
