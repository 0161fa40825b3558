using TlsDoctor.Registry;

namespace TlsDoctor.Scanning;

/// <summary>
/// Whether the server's order wins: offer the accepted suites in reverse order of how they were found.
/// A server enforcing its order picks the first suite found again (its favourite); a server following the
/// client picks the first suite offered. A server enforcing its order with ChaCha20 priority (OpenSSL's
/// SSL_OP_PRIORITIZE_CHACHA, on in haproxy: ChaCha20-Poly1305 goes to the top of the server's list when the client lists
/// it first) picks a ChaCha20 suite offered first like a client-order server: when the reversed list starts with one, the
/// same list without its ChaCha20 suites tells the two apart (one more handshake). Anything else is undetermined.
/// </summary>
public static class ServerOrderDetector
{
    /// <returns>Whether the server's order wins (null: undetermined or fewer than two suites), the answer seen, and whether
    /// the server prioritises ChaCha20 for clients that prefer it.</returns>
    public static async Task<(bool? ServerOrder, ServerAnswer? Answer, bool ChaChaPriority)> DetectAsync(IHandshakeProber prober, HelloSpec baseHello,
        IReadOnlyList<ushort> foundInOrder, CancellationToken ct)
    {
        if (foundInOrder.Count < 2) return (null, null, false);
        var reversed = foundInOrder.Reverse().ToList();
        var hello = baseHello;
        var outcome = await SuiteEnumerator.ProbeWithRetryAsync(prober, hello.WithSuites(reversed), ct).ConfigureAwait(false);
        // The probe may carry an ALPN name to learn; a server without it may refuse with no_application_protocol (RFC 7301 section 3.2).
        if (outcome.Failure is ProbeFailure.Alert { Description: 120 } && baseHello.Alpn.Count > 0)
        {
            hello = baseHello with { Alpn = [] };
            outcome = await SuiteEnumerator.ProbeWithRetryAsync(prober, hello.WithSuites(reversed), ct).ConfigureAwait(false);
        }
        if (outcome.Answer is not { } answer || answer.Version != baseHello.Version) return (null, outcome.Answer, false);
        if (answer.CipherSuite == foundInOrder[0]) return (true, answer, false);
        if (answer.CipherSuite != reversed[0]) return (null, answer, false);
        if (!IsChaCha(reversed[0]) || IsChaCha(foundInOrder[0])) return (false, answer, false);

        // The client's favourite is a ChaCha20 suite: a ChaCha20-prioritising server enforcing its order would pick it too.
        var withoutChaCha = reversed.Where(s => !IsChaCha(s)).ToList();
        var firstOther = foundInOrder.First(s => !IsChaCha(s));
        if (withoutChaCha.Count < 2 || withoutChaCha[0] == firstOther) return (null, answer, false);
        var again = await SuiteEnumerator.ProbeWithRetryAsync(prober, hello.WithSuites(withoutChaCha), ct).ConfigureAwait(false);
        if (again.Answer is not { } second || second.Version != baseHello.Version) return (null, answer, false);
        if (second.CipherSuite == firstOther) return (true, answer, true);
        return (second.CipherSuite == withoutChaCha[0] ? false : null, answer, false);
    }

    /// <summary>A ChaCha20-Poly1305 suite, as OpenSSL's prioritisation counts them (the cipher, whatever the key exchange).</summary>
    public static bool IsChaCha(ushort code) => CipherSuites.Find(code)?.Enc.StartsWith("CHACHA20", StringComparison.Ordinal) == true;
}
