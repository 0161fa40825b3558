namespace TlsDoctor.Scanning;

/// <summary>
/// Whether the server's order wins: offer the accepted suites in reverse order of how they were found.
/// A server enforcing its order picks the first suite found again (its favourite); a server following the
/// client picks the first suite offered. Anything else (for example ChaCha20 preferred only when the client
/// lists it first) is reported as undetermined.
/// </summary>
public static class ServerOrderDetector
{
    /// <returns>Whether the server's order wins (null: undetermined or fewer than two suites), and the answer seen.</returns>
    public static async Task<(bool? ServerOrder, ServerAnswer? Answer)> DetectAsync(IHandshakeProber prober, HelloSpec baseHello,
        IReadOnlyList<ushort> foundInOrder, CancellationToken ct)
    {
        if (foundInOrder.Count < 2) return (null, null);
        var reversed = foundInOrder.Reverse().ToList();
        var outcome = await SuiteEnumerator.ProbeWithRetryAsync(prober, baseHello.WithSuites(reversed), ct).ConfigureAwait(false);
        // The probe may carry an ALPN name to learn; a server without it may refuse with no_application_protocol (RFC 7301 section 3.2).
        if (outcome.Failure is ProbeFailure.Alert { Description: 120 } && baseHello.Alpn.Count > 0)
            outcome = await SuiteEnumerator.ProbeWithRetryAsync(prober, baseHello with { CipherSuites = reversed, Alpn = [] }, ct).ConfigureAwait(false);
        if (outcome.Answer is not { } answer || answer.Version != baseHello.Version) return (null, outcome.Answer);
        if (answer.CipherSuite == foundInOrder[0]) return (true, answer);
        if (answer.CipherSuite == reversed[0]) return (false, answer);
        return (null, answer);
    }
}
