using TlsDoctor.Registry;

namespace TlsDoctor.Scanning;

/// <summary>
/// Whether a server's choice is one a client can accept: the selected suite was offered, and it can be used at the
/// selected version. A choice that is not becomes <see cref="ProbeFailure.ProtocolViolation"/>, never an accepted suite.
/// </summary>
public static class OfferCheck
{
    /// <param name="offered">Every cipher suite value the hello carried (signalling values included: choosing one is a violation too).</param>
    /// <param name="signalling">Values sent only to signal (SCSVs): never a suite a server may select.</param>
    public static ProbeOutcome Verify(IReadOnlyCollection<ushort> offered, ProbeOutcome outcome, IReadOnlyCollection<ushort>? signalling = null)
    {
        if (outcome.Answer is not { } answer || answer.Version == TlsVersion.SSLv2) return outcome;
        var code = answer.CipherSuite;
        var received = $"{(answer.IsHelloRetryRequest ? "HelloRetryRequest" : $"{answer.Version.Name} ServerHello")} selecting {Name(code)}";
        string? reason = null;
        if (signalling?.Contains(code) == true || CipherSuites.Find(code) is { IsSignalling: true }) reason = "a signalling value, not a cipher suite";
        else if (CipherSuites.Find(code) is { } suite && suite.IsTls13 != (answer.Version >= TlsVersion.Tls13))
            reason = suite.IsTls13 ? "a TLS 1.3 suite, which only a TLS 1.3 handshake can use" : "a suite that TLS 1.3 cannot use";
        else if (!offered.Contains(code)) reason = "which the client did not offer";
        // RFC 5246 appendix A.5: the initial state of a connection, which must never be negotiated.
        else if (code == 0x0000) reason = "which must never be negotiated (RFC 5246 appendix A.5)";
        return reason is null ? outcome : ProbeOutcome.Of(new ProbeFailure.ProtocolViolation(received, reason) { Suite = code });
    }

    private static string Name(ushort code) => CipherSuites.Find(code) is { } s ? $"{s.Name} (0x{code:X4})" : CipherSuites.Describe(code);
}
