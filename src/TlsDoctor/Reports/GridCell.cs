using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Reports;

/// <summary>One client against one policy: the simulator's outcome.</summary>
public sealed record GridCell(GridClient Client, GridPolicy Policy, NegotiationOutcome Outcome)
{
    public bool Ok => Outcome.IsAgreed;

    /// <summary>"TLSv1.3 TLS_AES_128_GCM_SHA256" (IANA name), or the refusal's reason code ("no-shared-cipher").</summary>
    public string Short => Outcome switch
    {
        NegotiationOutcome.Agreed a => $"{a.Version.Name} {SuiteName(a.Suite)}",
        NegotiationOutcome.Refused r => r.Reason.Code(),
        _ => "",
    };

    /// <summary>The sentence behind the cell: the agreed parameters, or the simulator's explanation of the refusal.</summary>
    public string Explanation => Outcome switch
    {
        NegotiationOutcome.Agreed a => $"{Client.Name} and {Policy.Name} agree on {a.Version.Name} with {SuiteName(a.Suite)}"
            + (a.Group is { } g ? $", group {Groups.Describe(g)}" : "") + (a.ViaRetry ? " (after a HelloRetryRequest)" : "") + ".",
        NegotiationOutcome.Refused r => $"{Client.Name} is refused by {Policy.Name} ({r.Reason.Code()}, alert {AlertDescriptions.Describe(r.ExpectedAlert)}): {r.Explanation}",
        _ => "",
    };

    /// <summary>The IANA name ("TLS_AES_128_GCM_SHA256"), else the registry's name: the name simulate prints.</summary>
    public static string SuiteName(ushort code) => CipherSuites.Find(code) is { } s ? s.IanaName ?? s.Name : CipherSuites.Describe(code);

    /// <summary>The short OpenSSL name where one exists ("ECDHE-RSA-AES128-GCM-SHA256"), for narrow cells.</summary>
    public static string ShortSuiteName(ushort code) => CipherSuites.Find(code) is { OpenSslName: { } o } ? o : SuiteName(code);
}
