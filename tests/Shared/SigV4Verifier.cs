using System.Security.Cryptography;
using System.Text;

namespace TlsDoctor.Testing;

/// <summary>
/// Recomputes an AWS Signature Version 4 from the bytes a server received, independently of AWSSDK.Core: its own
/// HMAC-SHA256 (RFC 2104 over SHA-256), canonical request, string to sign and key derivation as the SigV4 spec
/// ("Create a canonical request", "Create a string to sign", "Calculate the signature") describes them.
/// </summary>
public static class SigV4Verifier
{
    public sealed record Result(bool IsValid, string Reason, string? AccessKey, string? Region, string? Service, IReadOnlyList<string> SignedHeaders);

    /// <param name="headers">Header names lower-cased, values as received.</param>
    public static Result Verify(string method, string path, string query, IReadOnlyDictionary<string, string> headers, byte[] body,
        Func<string, string?> secretFor)
    {
        if (!headers.TryGetValue("authorization", out var authorization)) return Fail("no Authorization header");
        const string algorithm = "AWS4-HMAC-SHA256 ";
        if (!authorization.StartsWith(algorithm, StringComparison.Ordinal)) return Fail("not AWS4-HMAC-SHA256");
        var parts = authorization[algorithm.Length..].Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signedHeaderList)
            || !parts.TryGetValue("Signature", out var signature))
            return Fail("Authorization lacks Credential, SignedHeaders or Signature");
        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request") return Fail($"bad credential scope");
        var (accessKey, date, region, service) = (scope[0], scope[1], scope[2], scope[3]);
        if (!headers.TryGetValue("x-amz-date", out var amzDate) || !amzDate.StartsWith(date, StringComparison.Ordinal))
            return Fail("X-Amz-Date missing or not on the scope's date", accessKey, region, service);
        var signedHeaders = signedHeaderList.Split(';');
        if (!signedHeaders.Contains("host") || !signedHeaders.Contains("x-amz-date"))
            return Fail("host and x-amz-date must be signed", accessKey, region, service);
        if (headers.ContainsKey("x-amz-security-token") && !signedHeaders.Contains("x-amz-security-token"))
            return Fail("the session token is sent but not signed", accessKey, region, service);
        if (secretFor(accessKey) is not { } secret) return Fail($"unknown access key", accessKey, region, service);

        var payloadHash = Hex(SHA256.HashData(body));
        if (headers.TryGetValue("x-amz-content-sha256", out var claimed) && claimed != payloadHash && claimed != "UNSIGNED-PAYLOAD")
            return Fail("x-amz-content-sha256 does not match the body", accessKey, region, service);

        var canonical = new StringBuilder()
            .Append(method).Append('\n')
            .Append(CanonicalPath(path)).Append('\n')
            .Append(CanonicalQuery(query)).Append('\n');
        foreach (var name in signedHeaders)
        {
            if (!headers.TryGetValue(name, out var value)) return Fail($"signed header '{name}' missing", accessKey, region, service);
            canonical.Append(name).Append(':').Append(string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))).Append('\n');
        }
        canonical.Append('\n').Append(signedHeaderList).Append('\n').Append(payloadHash);

        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{date}/{region}/{service}/aws4_request\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var expected = Hex(Hmac(key, stringToSign));
        return expected == signature
            ? new Result(true, "ok", accessKey, region, service, signedHeaders)
            : Fail("signature mismatch", accessKey, region, service);
    }

    /// <summary>HMAC-SHA256 (RFC 2104): H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)), with 64-byte blocks.</summary>
    public static byte[] Hmac(byte[] key, string message)
    {
        const int block = 64;
        if (key.Length > block) key = SHA256.HashData(key);
        var padded = new byte[block];
        key.CopyTo(padded, 0);
        var inner = new byte[block];
        var outer = new byte[block];
        for (var i = 0; i < block; i++)
        {
            inner[i] = (byte)(padded[i] ^ 0x36);
            outer[i] = (byte)(padded[i] ^ 0x5c);
        }
        var innerHash = SHA256.HashData([.. inner, .. Encoding.UTF8.GetBytes(message)]);
        return SHA256.HashData([.. outer, .. innerHash]);
    }

    private static string CanonicalPath(string path) => string.IsNullOrEmpty(path) ? "/" : path;

    private static string CanonicalQuery(string query)
    {
        if (string.IsNullOrEmpty(query)) return "";
        return string.Join('&', query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Select(p => (p[0], p.Length > 1 ? p[1] : ""))
            .OrderBy(p => p.Item1, StringComparer.Ordinal).ThenBy(p => p.Item2, StringComparer.Ordinal)
            .Select(p => $"{p.Item1}={p.Item2}"));
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    private static Result Fail(string reason, string? accessKey = null, string? region = null, string? service = null) =>
        new(false, reason, accessKey, region, service, []);
}
