using System.Text.Json;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Policies;

/// <summary>
/// The output of <c>aws elb describe-load-balancer-policies</c>: Classic Load Balancer SSLNegotiationPolicyType policies,
/// either attribute lists (Protocol-TLSv1.2, suite names, Server-Defined-Cipher-Order set to true) or a
/// Reference-Security-Policy naming a catalog policy.
/// </summary>
internal static class ClbPolicyReader
{
    public static PolicyParseResult Read(JsonElement descriptions, string origin)
    {
        if (descriptions.ValueKind != JsonValueKind.Array) return PolicyFields.Fail(origin, "'PolicyDescriptions' must be an array");
        var negotiation = descriptions.EnumerateArray()
            .Where(d => d.ValueKind == JsonValueKind.Object && (PolicyFields.Str(d, "PolicyTypeName") ?? "SSLNegotiationPolicyType") == "SSLNegotiationPolicyType")
            .ToList();
        if (negotiation.Count == 0) return PolicyFields.Fail(origin, "no SSLNegotiationPolicyType policy in 'PolicyDescriptions'");
        var result = new List<ServerPolicy>();
        foreach (var d in negotiation)
        {
            var name = PolicyFields.Str(d, "PolicyName") ?? "custom";
            var where = $"{origin} ({PolicyFields.Shorten(name)})";
            if (!d.TryGetProperty("PolicyAttributeDescriptions", out var attributes) || attributes.ValueKind != JsonValueKind.Array)
                return PolicyFields.Fail(where, "missing 'PolicyAttributeDescriptions'");
            var items = new List<string>();
            string? reference = null;
            foreach (var a in attributes.EnumerateArray())
            {
                var key = PolicyFields.Str(a, "AttributeName");
                var value = PolicyFields.Str(a, "AttributeValue");
                if (key is null) return PolicyFields.Fail(where, "attribute without 'AttributeName'");
                if (key == "Reference-Security-Policy") { reference = value; continue; }
                if (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase)) items.Add(key);
                else if (!string.Equals(value, "false", StringComparison.OrdinalIgnoreCase))
                    return PolicyFields.Fail(where, $"attribute {PolicyFields.Quote(key)} has value {PolicyFields.Quote(value)} (expected true or false)");
            }
            if (items.Count == 0 && reference is not null)
            {
                var referenced = PolicyCatalog.Find(reference, "CLB");
                if (!referenced.IsSuccess) return PolicyFields.Fail(where, $"Reference-Security-Policy: {referenced.Error.Message}");
                result.Add(referenced.Policy with
                {
                    Name = name, Provider = "custom", Scope = null, Id = name, DefaultNote = null, AliasOf = null, Aliases = [],
                    Notes = $"Classic Load Balancer policy that references {reference}.",
                });
                continue;
            }
            var parsed = PolicyListReader.Read(items, where, name, clbAttributes: true);
            if (!parsed.IsSuccess) return parsed;
            result.AddRange(parsed.Policies.Select(p => p with
            {
                LoadBalancers = ["CLB"],
                Notes = reference is null ? p.Notes : $"{p.Notes} References {reference}.",
            }));
        }
        return PolicyParseResult.Success(result);
    }
}
