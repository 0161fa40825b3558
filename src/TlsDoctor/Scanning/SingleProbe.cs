using System.Net;
using TlsDoctor.Registry;

namespace TlsDoctor.Scanning;

/// <summary>
/// One raw handshake, like `openssl s_client -tls1_1 -cipher X`: resolve once, send the hello, report
/// what the server chose or exactly how it refused.
/// </summary>
public static class SingleProbe
{
    public static async Task<ProbeReport> RunAsync(ScanTarget target, HelloSpec offer, StageTimeouts timeouts, CancellationToken ct, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var started = time.GetTimestamp();
        var (address, failure) = await ScanEngine.ResolveAsync(target.Host, timeouts.Resolve, ct, time).ConfigureAwait(false);
        var info = new TargetInfo(target.Host, target.Port, address?.ToString(), target.Sni) { Input = target.Input };
        ScanStats Stats(int n) => new(n, (long)time.GetElapsedTime(started).TotalMilliseconds);
        if (address is null) return new ProbeReport(info, offer, ProbeOutcome.Of(failure!), null, Stats(0));

        var connector = new Connector(timeouts, time);
        using var prober = new RawHandshakeProber(connector, new IPEndPoint(address, target.Port));
        if (offer.Version == TlsVersion.SSLv2)
        {
            var v2 = await prober.ProbeSslv2Async(ct).ConfigureAwait(false);
            var outcome = v2.IsSupported
                ? ProbeOutcome.Of(new ServerAnswer { Version = TlsVersion.SSLv2, CipherSuite = 0 })
                : ProbeOutcome.Of(v2.Failure!);
            var cert = v2.Certificate is { Length: > 0 } der ? CertificateAnalyzer.Analyze([der], "RSA", target.Sni ?? target.Host, time.GetUtcNow()) : null;
            return new ProbeReport(info, offer, outcome, cert, Stats(connector.Connections)) { Sslv2CipherKinds = v2.CipherKinds ?? [] };
        }
        var result = await prober.ProbeAsync(offer, ct).ConfigureAwait(false);
        CertificateInfo? certificate = null;
        if (result.Answer is { Certificates.Count: > 0 } answer)
            certificate = CertificateAnalyzer.Analyze(answer.Certificates, CertificateKinds.OfSuite(answer.CipherSuite) is { } kind ? CertificateKinds.Label(kind) : "other",
                target.Sni ?? target.Host, time.GetUtcNow());
        return new ProbeReport(info, offer, result, certificate, Stats(connector.Connections));
    }

    /// <summary>
    /// The default offer for <paramref name="version"/> (null: TLS 1.3 down to TLS 1.0, as a modern client):
    /// every registered suite and group usable there, all signature schemes.
    /// </summary>
    public static HelloSpec DefaultOffer(TlsVersion? version, string? serverName, IReadOnlyList<ushort>? suites, IReadOnlyList<ushort>? groups)
    {
        if (version is null || version == TlsVersion.Tls13)
        {
            var allVersions = version is null;
            var defaultSuites = allVersions ? [.. ScanCandidates.Tls13Suites, .. ScanCandidates.Suites(TlsVersion.Tls12)] : ScanCandidates.Tls13Suites;
            var defaultGroups = allVersions ? ScanCandidates.Tls13Groups.Concat(ScanCandidates.Tls12Groups).Distinct().ToList() : ScanCandidates.Tls13Groups;
            var g = groups ?? defaultGroups;
            return new HelloSpec
            {
                Version = TlsVersion.Tls13,
                SupportedVersions = allVersions ? [TlsVersion.Tls13, TlsVersion.Tls12, TlsVersion.Tls11, TlsVersion.Tls10] : null,
                CipherSuites = suites ?? defaultSuites,
                Groups = g,
                KeyShareGroups = groups is { Count: > 0 } ? [groups[0]] : [0x001D],   // x25519, as OpenSSL and browsers send
                SignatureAlgorithms = ScanCandidates.SignatureAlgorithms,
                ServerName = serverName,
            };
        }
        return new HelloSpec
        {
            Version = version.Value,
            CipherSuites = suites ?? ScanCandidates.Suites(version.Value),
            Groups = groups ?? ScanCandidates.Tls12Groups,
            SignatureAlgorithms = version.Value >= TlsVersion.Tls12 ? ScanCandidates.SignatureAlgorithms : [],
            ServerName = serverName,
        };
    }
}
