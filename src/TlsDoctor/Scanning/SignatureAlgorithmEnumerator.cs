using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Scanning;

/// <summary>
/// Offer-and-remove over signature_algorithms: offer every candidate scheme of one certificate type, read the scheme the
/// server signs with, remove it, repeat until the server refuses. TLS 1.2 shows the scheme in the clear ServerKeyExchange
/// (RFC 5246 section 7.4.3, so the hello offers only ECDHE/DHE suites); TLS 1.3 in CertificateVerify (RFC 8446 section
/// 4.4.3), which is encrypted: each TLS 1.3 step reads the flight through the handshake keys
/// (<see cref="IHandshakeProber.ProbeTls13FlightAsync"/>). n accepted schemes cost n + 1 handshakes.
/// </summary>
public static class SignatureAlgorithmEnumerator
{
    /// <summary>Every registry scheme whose key is of <paramref name="kind"/>, whatever the protocol columns say: the server decides.</summary>
    public static IReadOnlyList<ushort> Candidates(CertificateKind kind) =>
        SignatureSchemes.All.Where(s => s.KeyType == CertificateKinds.KeyType(kind)).Select(s => s.Code).ToList();

    public static async Task<SignatureAlgorithmsAccepted> EnumerateAsync(IHandshakeProber prober, HelloSpec hello, CertificateKind kind, CancellationToken ct)
    {
        var tls13 = hello.Version == TlsVersion.Tls13;
        var remaining = Candidates(kind).ToList();
        var found = new List<ushort>();
        string? note = null;
        while (remaining.Count > 0)
        {
            var offer = hello with { SignatureAlgorithms = remaining.ToList() };
            ushort? scheme;
            ProbeFailure? failure;
            if (tls13)
            {
                var flight = await prober.ProbeTls13FlightAsync(offer, ct).ConfigureAwait(false);
                (scheme, failure) = (flight.SignatureScheme, flight.Failure);
            }
            else
            {
                var outcome = await SuiteEnumerator.ProbeWithRetryAsync(prober, offer, ct).ConfigureAwait(false);
                failure = outcome.Failure;
                scheme = outcome.Answer?.SignatureScheme;
                if (outcome.Answer is { } a && (a.Version != TlsVersion.Tls12 || scheme is null))
                {
                    note = $"the server answered with {a.Version.Name} {CipherSuites.Describe(a.CipherSuite)} and no signed ServerKeyExchange";
                    break;
                }
            }
            if (scheme is { } s)
            {
                if (!remaining.Contains(s))
                {
                    // A server that signs with a scheme the client did not offer ignores the restriction (RFC 8446 section
                    // 4.2.3 and RFC 5246 section 7.4.1.4.1 forbid it): nothing more can be learnt by removing schemes.
                    note = $"the server signed with {SignatureSchemes.Describe(s)}, which was not offered: it does not follow signature_algorithms";
                    break;
                }
                found.Add(s);
                remaining.Remove(s);
                continue;
            }
            // An alert is the server's answer: no scheme left that it accepts. Anything else leaves the rest unknown.
            if (failure is not ProbeFailure.Alert) note = $"stopped after {found.Count} schemes: {failure?.Message ?? "no CertificateVerify"}";
            break;
        }
        return new SignatureAlgorithmsAccepted(hello.Version.Name, CertificateKinds.Label(kind), found) { Note = note };
    }
}
