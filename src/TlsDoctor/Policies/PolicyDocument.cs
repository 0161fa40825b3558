using System.Text.Json;
using TlsDoctor.Io;
using TlsDoctor.Negotiation;

namespace TlsDoctor.Policies;

/// <summary>
/// The one entry point for reading policies from the formats an operator has at hand (each format has its reader),
/// validating every fact on the way:
/// <list type="bullet">
/// <item>the catalog schema (data/policies/*.json): <c>{"policies":[{…}]}</c> or a single policy object;</item>
/// <item>the output of <c>aws elb describe-load-balancer-policies</c> (a Classic Load Balancer custom policy);</item>
/// <item>the output of <c>aws elbv2 describe-ssl-policies</c> (what <c>policies export --format aws-json</c> writes);</item>
/// <item>a simple list: a JSON array of strings, or text with one protocol or suite per line (commas and
/// colons also separate; <c>#</c> starts a comment; <c>Protocol-TLSv1.2</c> and <c>Server-Defined-Cipher-Order</c>
/// are accepted as the CLB attribute names).</item>
/// </list>
/// Suite and group names are IANA or OpenSSL names (or hex code points) resolved through the registries.
/// </summary>
public static class PolicyDocument
{
    /// <summary>Parses a document. <paramref name="origin"/> names it in errors; <paramref name="fallbackName"/> names a policy that carries no name of its own.</summary>
    public static PolicyParseResult Parse(string text, string origin, string fallbackName, string defaultProvider = "custom")
    {
        var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(text, JsonOptions);
            }
            catch (JsonException e)
            {
                return PolicyFields.Fail(origin, $"not valid JSON ({PolicyFields.FirstLine(e.Message)})");
            }
            using (doc) return ParseJson(doc.RootElement, origin, fallbackName, defaultProvider);
        }
        return PolicyListReader.Read(PolicyListReader.Split(text), origin, fallbackName);
    }

    /// <summary>Reads and parses a file (bounded in size); I/O problems become <see cref="PolicyError.InvalidFile"/>.</summary>
    public static PolicyParseResult ReadFile(string path)
    {
        try
        {
            var read = BoundedInput.Read(path, InputKind.Policy);
            if (!read.IsSuccess) return PolicyParseResult.Failure(new PolicyError.InvalidFile(path, read.Error!));
            var text = read.Text;
            var result = Parse(text, path, Path.GetFileNameWithoutExtension(path));
            if (result.Error is PolicyError.InvalidData d)
                return PolicyParseResult.Failure(new PolicyError.InvalidFile(path, d.Reason));
            return result with { Policies = result.Policies.Select(p => p.Sources.Count == 0 ? p with { Sources = [Path.GetFullPath(path)] } : p).ToList() };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return PolicyParseResult.Failure(new PolicyError.InvalidFile(path, e.Message));
        }
    }

    /// <summary>The options every JSON policy document is read with.</summary>
    internal static readonly JsonDocumentOptions JsonOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 32 };

    /// <summary>Parses a JSON document already read (the catalog's files are read as UTF-8 bytes, without a string).</summary>
    internal static PolicyParseResult ParseJson(JsonElement root, string origin, string fallbackName, string defaultProvider)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            var items = new List<string>();
            foreach (var e in root.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.String) return PolicyFields.Fail(origin, "a JSON array policy must hold only strings (protocols and suite names)");
                items.Add(e.GetString()!);
            }
            return PolicyListReader.Read(items, origin, fallbackName);
        }
        if (root.ValueKind != JsonValueKind.Object) return PolicyFields.Fail(origin, "expected a JSON object or array");
        if (root.TryGetProperty("PolicyDescriptions", out var descriptions)) return ClbPolicyReader.Read(descriptions, origin);
        if (root.TryGetProperty("SslPolicies", out var sslPolicies)) return Elbv2PolicyReader.Read(sslPolicies, origin);
        if (root.TryGetProperty("policies", out var list)) return CatalogPolicyReader.ReadList(list, origin, fallbackName, defaultProvider);
        if (root.TryGetProperty("name", out _) || root.TryGetProperty("protocols", out _))
            return CatalogPolicyReader.ReadEntry(root, origin, fallbackName, defaultProvider);
        return PolicyFields.Fail(origin, "unrecognised JSON: expected {\"policies\":[…]}, a policy object, 'aws elb describe-load-balancer-policies' or 'aws elbv2 describe-ssl-policies' output, or an array of protocol and suite names");
    }
}
