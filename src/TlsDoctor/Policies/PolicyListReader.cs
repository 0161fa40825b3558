using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Policies;

/// <summary>
/// A simple list: a JSON array of strings, or text with one protocol or suite per line (commas, colons, semicolons and
/// blanks also separate; <c>#</c> starts a comment; <c>Protocol-TLSv1.2</c> and <c>Server-Defined-Cipher-Order</c> are
/// accepted as the CLB attribute names). Also the reader behind the two AWS CLI formats once they are flattened to names.
/// </summary>
internal static class PolicyListReader
{
    public static IReadOnlyList<string> Split(string text) =>
        text.Split('\n')
            .Select(line => line.Contains('#') ? line[..line.IndexOf('#')] : line)
            .SelectMany(line => line.Split([',', ':', ' ', '\t', '\r', ';'], StringSplitOptions.RemoveEmptyEntries))
            .ToList();

    public static PolicyParseResult Read(IReadOnlyList<string> items, string origin, string name, bool clbAttributes = false)
    {
        var versions = new List<TlsVersion>();
        var suites = new List<ushort>();
        var serverOrder = !clbAttributes;
        foreach (var raw in items)
        {
            var item = raw.Trim();
            if (item.Length == 0) continue;
            if (item.Equals("Server-Defined-Cipher-Order", StringComparison.OrdinalIgnoreCase)) { serverOrder = true; continue; }
            var protocolText = item.StartsWith("Protocol-", StringComparison.OrdinalIgnoreCase) ? item["Protocol-".Length..] : item;
            if (!item.Contains('-') || item.StartsWith("Protocol-", StringComparison.OrdinalIgnoreCase) || item.StartsWith("TLSv", StringComparison.OrdinalIgnoreCase) || item.StartsWith("SSLv", StringComparison.OrdinalIgnoreCase))
            {
                if (TlsVersion.TryParse(protocolText, out var v) && v.Value.IsKnown)
                {
                    if (!versions.Contains(v.Value)) versions.Add(v.Value);
                    continue;
                }
            }
            if (PolicyFields.ResolveSuite(item, origin, out var suite) is { } bad) return bad;
            if (suite.IsSignalling) return PolicyFields.Fail(origin, $"{PolicyFields.Quote(item)} is a signalling value, not a suite a server can choose");
            if (!suites.Contains(suite.Code)) suites.Add(suite.Code);
        }
        if (versions.Count == 0) return PolicyFields.Fail(origin, "no protocol version listed (e.g. TLSv1.2)");
        if (suites.Count == 0) return PolicyFields.Fail(origin, "no cipher suite listed");
        // TLS 1.3 suites are chosen apart from the others; keep them first, each group in the listed order.
        var ordered = suites.Where(PolicyFields.IsTls13Suite).Concat(suites.Where(c => !PolicyFields.IsTls13Suite(c))).ToList();
        var policy = new ServerPolicy
        {
            Name = name,
            Provider = "custom",
            Versions = versions.Order().ToList(),
            CipherSuites = ordered,
            ServerOrder = serverOrder,
            Unknown = PolicyUnknowns.Groups,
            Confidence = PolicyConfidence.High,
            Notes = "Suite order as listed in the file.",
        };
        return CatalogPolicyReader.Coherent(policy, origin) is { } incoherent ? incoherent : PolicyParseResult.Success([policy]);
    }
}
