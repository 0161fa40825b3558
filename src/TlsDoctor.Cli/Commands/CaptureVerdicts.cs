using TlsDoctor.Capture;
using TlsDoctor.Cli.Json;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Cli.Commands;

/// <summary>Resolves --policy and turns the library's <see cref="CaptureVerdict"/> into its JSON shape.</summary>
public sealed class CaptureVerdicts
{
    private readonly PolicyVerdicts _verdicts;

    private CaptureVerdicts(PolicyVerdicts verdicts) => _verdicts = verdicts;

    /// <summary>Unknown policy names are a usage error with the closest names.</summary>
    public static CaptureVerdicts For(string? policy) =>
        new(PolicyVerdicts.ForCatalog(policy is null ? null : PoliciesCommand.Resolve(policy, null)));

    public CaptureVerdictJson? Evaluate(CapturedHello hello) => _verdicts.Evaluate(hello) is { } v ? ToJson(v) : null;

    public static CaptureVerdictJson ToJson(CaptureVerdict v)
    {
        string? version = null, suite = null, reason = null;
        switch (v.Outcome)
        {
            case NegotiationOutcome.Agreed a:
                version = a.Version.Name;
                suite = CipherSuites.Find(a.Suite)?.Name ?? Codepoint.Format(a.Suite);
                break;
            case NegotiationOutcome.Refused r:
                reason = r.Explanation;
                break;
        }
        return new CaptureVerdictJson(v.Policy?.Name, v.Outcome?.IsAgreed, version, suite, reason, v.AwsAccepted, v.AwsTotal, v.AcceptedBy);
    }
}
