using System.Text.Json;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.IntegrationTests.Negotiation;

/// <summary>The policies the differential test enforces on real servers.</summary>
public static class DifferentialPolicies
{
    /// <summary>Every AWS ELB policy of the reference compilation with known suites, as ServerPolicy values.</summary>
    public static IReadOnlyList<ServerPolicy> All()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.SharedReference("policies/aws-elb.json")));
        var list = new List<ServerPolicy>();
        foreach (var p in doc.RootElement.EnumerateArray())
        {
            if (p.GetProperty("protocols").ValueKind != JsonValueKind.Array) continue;
            var suites = new List<ushort>();
            foreach (var key in new[] { "tls13Ciphers", "ciphers" })
                if (p.TryGetProperty(key, out var arr) && arr.ValueKind == JsonValueKind.Array)
                    foreach (var s in arr.EnumerateArray())
                        suites.Add(CipherSuites.Find(s.GetString()!)?.Code ?? 0);
            if (suites.Contains((ushort)0)) continue;
            ushort[]? groups = p.TryGetProperty("groupsFromS2n", out var g) && g.ValueKind == JsonValueKind.Array
                ? g.EnumerateArray().Select(x => Groups.Find(x.GetString()!)?.Code ?? 0).ToArray() : null;
            list.Add(new ServerPolicy
            {
                Name = p.GetProperty("name").GetString()!,
                Provider = "aws",
                LoadBalancers = p.GetProperty("loadBalancers").EnumerateArray().Select(x => x.GetString()!).ToArray(),
                Versions = p.GetProperty("protocols").EnumerateArray().Select(x => TlsVersion.Parse(x.GetString()!)).ToArray(),
                CipherSuites = suites,
                Groups = groups is null || groups.Contains((ushort)0) ? null : groups,
            });
        }
        return list;
    }
}
