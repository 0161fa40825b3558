namespace TlsDoctor.Scanning;

/// <summary>One handshake's result: what was offered, the server's answer or failure, and the certificate when it travelled in clear.</summary>
public sealed record ProbeReport(TargetInfo Target, HelloSpec Offer, ProbeOutcome Outcome, CertificateInfo? Certificate, ScanStats Stats)
{
    /// <summary>SSL 2.0 probes: the cipher kinds the server listed.</summary>
    public IReadOnlyList<uint> Sslv2CipherKinds { get; init; } = [];
}
