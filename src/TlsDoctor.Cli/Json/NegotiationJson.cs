using System.Text.Json.Serialization;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Cli.Json;

/// <summary>JSON shapes of simulate, recommend and identify (documented in docs/simulate.md).</summary>
public static class NegotiationJson
{
    /// <summary>`simulate --json`: one client against one policy.</summary>
    public sealed record Simulation(
        string Client,
        string Policy,
        string Certificate,
        bool Ok,
        string? Protocol,
        string? Cipher,
        string? CipherCode,
        string? Group,
        string? SignatureScheme,
        bool? HelloRetryRequest,
        string? Reason,
        string? Alert,
        string? Explanation,
        IReadOnlyList<string> AcceptingPolicies);

    /// <summary>One cell of `simulate --matrix --json`.</summary>
    public sealed record MatrixRow(string Client, string Policy, string Certificate, bool Ok, string? Protocol, string? Cipher, string? Reason, string? Explanation);

    public sealed record Matrix(string Certificate, IReadOnlyList<MatrixRow> Rows);

    public sealed record Refusal(string Client, string Reason, string Explanation);

    public sealed record Break(string Policy, IReadOnlyList<Refusal> Refuses);

    public sealed record ClientResult(string Client, string? Protocol, string? Cipher);

    /// <summary>`recommend --json`.</summary>
    public sealed record Recommendation(
        string LoadBalancer,
        string? Policy,
        IReadOnlyList<string> Why,
        IReadOnlyList<Break> Breaks,
        string? Command,
        IReadOnlyList<string> Commands,
        IReadOnlyList<ClientResult> Clients)
    {
        /// <summary>The policy given with --current (or identified by diagnose's scan); absent otherwise.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Current { get; init; }

        /// <summary>The accepting policy that changes the current one least; absent without a current policy.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public LeastChangeJson? LeastChange { get; init; }

        /// <summary>`recommend --lb clb`: the minimal Classic custom policy beside the predefined ones; absent for ALB/NLB.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public ClbCustomPolicyJson? ClbCustomPolicy { get; init; }
    }

    /// <summary>
    /// `recommend --lb clb --json`: clbCustomPolicy — the strictest predefined CLB policy (reference) plus what was added,
    /// its protocols and suites (IANA names), the explicit CreateLoadBalancerPolicy attributes, the clients it still
    /// refuses, `spec` for `aws set-policy --custom`, and the AWS CLI commands.
    /// </summary>
    public sealed record ClbCustomPolicyJson(string Name, string Reference, IReadOnlyList<string> Added, IReadOnlyList<string> Protocols,
        IReadOnlyList<string> Ciphers, IReadOnlyList<AttributeJson> Attributes, bool AdmitsAll, IReadOnlyList<string> Refused, string Spec,
        IReadOnlyList<string> Commands)
    {
        public static ClbCustomPolicyJson From(Policies.ClbCustomPolicyResult c) => new(c.Policy.Name, c.Reference, c.Added,
            c.Policy.Versions.Order().Select(v => v.AwsName).ToList(), c.Policy.CipherSuites.Select(SuiteName).ToList(),
            c.Attributes.Select(a => new AttributeJson(a.Key, a.Value)).ToList(), c.AdmitsAll, c.Refused, c.Spec, c.Commands);
    }

    public sealed record AttributeJson(string Name, string Value);

    /// <summary>`recommend --current --json`: leastChange.</summary>
    public sealed record LeastChangeJson(string Policy, IReadOnlyList<string> Changes, IReadOnlyList<string> Commands);

    /// <summary>`identify --json`: the same policyMatches elements as `scan --json` ({name, provider, exact, missing[], extra[]}).</summary>
    public sealed record Identification(IReadOnlyList<Negotiation.PolicyMatch> PolicyMatches);

    public static string CertificateName(IReadOnlyCollection<CertificateKind> certificates) =>
        certificates.Count > 1 ? "both" : certificates.First() == CertificateKind.Rsa ? "rsa" : "ecdsa";

    public static Simulation From(Negotiation.Simulation s)
    {
        var certificate = CertificateName(s.Certificates);
        var accepting = s.AcceptingPolicies.Select(p => p.Name).ToList();
        return s.Outcome switch
        {
            NegotiationOutcome.Agreed a => new Simulation(s.Client.Name, s.Policy.Name, certificate, true, a.Version.Name, SuiteName(a.Suite), Codepoint.Format(a.Suite),
                a.Group is { } g ? Groups.Describe(g) : null, a.SignatureScheme is { } sc ? SignatureSchemes.Describe(sc) : null,
                a.Version == TlsVersion.Tls13 ? a.ViaRetry : null, null, null, null, accepting),
            NegotiationOutcome.Refused r => new Simulation(s.Client.Name, s.Policy.Name, certificate, false, null, null, null, null, null, null,
                r.Reason.Code(), AlertDescriptions.Describe(r.ExpectedAlert), r.Explanation, accepting),
            _ => throw new InvalidOperationException(),
        };
    }

    public static MatrixRow From(NegotiationMatrix.Cell c) => c.Outcome switch
    {
        NegotiationOutcome.Agreed a => new MatrixRow(c.Client.Name, c.Policy.Name, CertificateName(c.Certificates), true, a.Version.Name, SuiteName(a.Suite), null, null),
        NegotiationOutcome.Refused r => new MatrixRow(c.Client.Name, c.Policy.Name, CertificateName(c.Certificates), false, null, null, r.Reason.Code(), r.Explanation),
        _ => throw new InvalidOperationException(),
    };

    public static Recommendation From(Negotiation.Recommendation r) => new(
        r.LoadBalancer,
        r.Policy?.Name,
        r.Why,
        r.Breaks.Select(b => new Break(b.Policy.Name, b.Refused.Select(v => v.Outcome is NegotiationOutcome.Refused x
            ? new Refusal(v.Client, x.Reason.Code(), x.Explanation) : null).OfType<Refusal>().ToList())).ToList(),
        r.Commands.Count > 0 ? string.Join("\n", r.Commands) : null,
        r.Commands,
        r.Outcomes.Select(v => v.Outcome is NegotiationOutcome.Agreed a
            ? new ClientResult(v.Client, a.Version.Name, SuiteName(a.Suite)) : new ClientResult(v.Client, null, null)).ToList())
    {
        Current = r.Current?.Name,
        LeastChange = r.LeastChange is { } l ? new LeastChangeJson(l.Policy.Name, l.Changes, l.Commands) : null,
    };

    /// <summary>The IANA name ("TLS_AES_128_GCM_SHA256"), else the registry's name.</summary>
    public static string SuiteName(ushort code) => CipherSuites.Find(code) is { } s ? s.IanaName ?? s.Name : CipherSuites.Describe(code);
}
