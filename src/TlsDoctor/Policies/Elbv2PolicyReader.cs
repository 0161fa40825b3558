using System.Text.Json;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Policies;

/// <summary>
/// The output of <c>aws elbv2 describe-ssl-policies</c> (what <c>policies export --format aws-json</c> writes): SslProtocols,
/// Ciphers with their priority, SupportedLoadBalancerTypes.
/// </summary>
internal static class Elbv2PolicyReader
{
    public static PolicyParseResult Read(JsonElement policies, string origin)
    {
        if (policies.ValueKind != JsonValueKind.Array) return PolicyFields.Fail(origin, "'SslPolicies' must be an array");
        var result = new List<ServerPolicy>();
        foreach (var p in policies.EnumerateArray())
        {
            var name = PolicyFields.Str(p, "Name") ?? "custom";
            var where = $"{origin} ({PolicyFields.Shorten(name)})";
            if (!PolicyFields.TryStrings(p, "SslProtocols", out var protocols, out var err)) return PolicyFields.Fail(where, err);
            if (!p.TryGetProperty("Ciphers", out var ciphers) || ciphers.ValueKind != JsonValueKind.Array) return PolicyFields.Fail(where, "missing 'Ciphers'");
            var ordered = new List<(int Priority, string Name)>();
            foreach (var c in ciphers.EnumerateArray())
            {
                var cipherName = PolicyFields.Str(c, "Name");
                if (cipherName is null) return PolicyFields.Fail(where, "cipher without 'Name'");
                var priority = c.TryGetProperty("Priority", out var pr) && pr.TryGetInt32(out var n) ? n : ordered.Count + 1;
                ordered.Add((priority, cipherName));
            }
            var items = (protocols ?? []).Concat(ordered.OrderBy(x => x.Priority).Select(x => x.Name)).ToList();
            var parsed = PolicyListReader.Read(items, where, name);
            if (!parsed.IsSuccess) return parsed;
            var lbs = new List<string>();
            if (PolicyFields.TryStrings(p, "SupportedLoadBalancerTypes", out var types, out _) && types is not null)
                foreach (var t in types)
                    lbs.Add(t.ToLowerInvariant() switch { "application" => "ALB", "network" => "NLB", "classic" => "CLB", _ => t });
            if (lbs.Any(lb => !PolicyRecommender.LoadBalancerTypes.Contains(lb))) return PolicyFields.Fail(where, $"unknown load-balancer type in {string.Join(", ", types!)}");
            result.AddRange(parsed.Policies.Select(x => x with { LoadBalancers = lbs }));
        }
        return PolicyParseResult.Success(result);
    }
}
