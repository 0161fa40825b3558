using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Scanning;

/// <summary>What the phases of a scan measured, before <see cref="ScanAssembly"/> turns it into a <see cref="ScanResult"/>.</summary>
public sealed record ScanParts
{
    public required TargetInfo Target { get; init; }

    /// <summary>The version the first hello (TLS 1.3 and 1.2 offered) was answered with; null when it was refused.</summary>
    public TlsVersion? FirstAnswerVersion { get; init; }

    /// <summary>Why the first hello got no answer, if it did not.</summary>
    public ProbeFailure? FirstFailure { get; init; }

    public required Sslv2Outcome Sslv2 { get; init; }

    /// <summary>SSLv3 to TLS 1.2, each protocol's suites in the server's order (or the client's, when the server follows it).</summary>
    public required IReadOnlyDictionary<TlsVersion, SuiteEnumeration> Legacy { get; init; }

    public required SuiteEnumeration Tls13 { get; init; }

    /// <summary>Whether the server imposes its order, per protocol with two suites or more.</summary>
    public IReadOnlyDictionary<TlsVersion, bool?> ServerOrder { get; init; } = new Dictionary<TlsVersion, bool?>();

    /// <summary>The protocols whose server order gives way to a client that prefers ChaCha20.</summary>
    public IReadOnlySet<TlsVersion> ChaChaPriority { get; init; } = new HashSet<TlsVersion>();

    /// <summary>The certificate types whose suites the server shows only to a hello offering that type alone.</summary>
    public IReadOnlyList<CertificateKind> HiddenKinds { get; init; } = [];

    public required GroupEnumeration Groups12 { get; init; }
    public required GroupEnumeration Groups13 { get; init; }
    public IReadOnlyList<string> Alpn { get; init; } = [];

    /// <summary>Whether the server refuses TLS_FALLBACK_SCSV below its best version; null when not probed.</summary>
    public bool? Fallback { get; init; }

    public IReadOnlyList<CertificateInfo> Certificates { get; init; } = [];

    /// <summary>What the certificate pass has to say (a certificate read another way, or none).</summary>
    public IReadOnlyList<string> CertificateNotes { get; init; } = [];

    public IReadOnlyList<SignatureAlgorithmsAccepted>? SignatureAlgorithmsAccepted { get; init; }

    /// <summary>Probes that got no answer, probes not sent because the server stopped answering, and the first loss.</summary>
    public (int Lost, int NotSent, ProbeFailure? First) Losses { get; init; }

    public IReadOnlyList<string> ProtocolViolations { get; init; } = [];
    public required ScanStats Stats { get; init; }

    /// <summary>When the scan ended: findings about certificate validity are judged at this time.</summary>
    public required DateTimeOffset Now { get; init; }
}
