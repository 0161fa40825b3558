using TlsDoctor.Registry;

namespace TlsDoctor.Emulator;

/// <summary>
/// What the policy makes of a client's actual hello, computed before the engine answers: either the version and
/// suite the policy agrees on, or a refusal with the simulator's reason code and explanation.
/// </summary>
public sealed record HelloAnalysis
{
    /// <summary>A short description of the client's offer for the log, e.g. "TLSv1.0-TLSv1.2, 28 suites".</summary>
    public string? ClientSummary { get; init; }

    public bool Agreed { get; init; }
    public TlsVersion? Version { get; init; }
    public ushort? Suite { get; init; }

    /// <summary>The simulator's reason code when refused: "no-shared-protocol", "no-shared-cipher", … .</summary>
    public string? Reason { get; init; }
    public string? Explanation { get; init; }

    public string? ServerName { get; init; }

    /// <summary>True when the hello carries renegotiation_info or TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746).</summary>
    public bool ClientSignalsRenegotiationInfo { get; init; }

    /// <summary>Set when the hello could not be decoded (the engine still answers it).</summary>
    public string? DecodeError { get; init; }
}
