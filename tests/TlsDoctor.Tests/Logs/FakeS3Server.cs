using System.Net;
using System.Security;
using System.Text;

namespace TlsDoctor.Tests.Logs;

/// <summary>
/// A local S3-compatible endpoint on 127.0.0.1 (below the ephemeral port range), path-style, answering ListObjectsV2
/// (two keys per page, so that clients must follow continuation tokens) and GetObject from an in-memory bucket. Every
/// request's SigV4 signature is checked with <see cref="SigV4Verifier"/>; a bad one gets S3's SignatureDoesNotMatch.
/// </summary>
internal sealed class FakeS3Server : IDisposable
{
    public sealed record Request(string Method, string Path, IReadOnlyDictionary<string, string> Query, SigV4Verifier.Result Signature);

    private const int PageSize = 2;
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, string> _secrets;
    private readonly List<Request> _requests = [];
    private readonly Task _loop;

    public FakeS3Server(string bucket, IReadOnlyDictionary<string, byte[]> objects, params (string AccessKey, string Secret)[] credentials)
    {
        Bucket = bucket;
        Objects = new SortedDictionary<string, byte[]>(objects.ToDictionary(), StringComparer.Ordinal);
        _secrets = credentials.ToDictionary(c => c.AccessKey, c => c.Secret);
        var ephemeralLow = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0]);
        for (var attempt = 0; ; attempt++)
        {
            Port = Random.Shared.Next(10000, ephemeralLow);
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try { _listener.Start(); break; }
            catch (HttpListenerException) when (attempt < 200) { _listener.Prefixes.Clear(); }
        }
        _loop = Task.Run(Loop);
    }

    public string Bucket { get; }
    public SortedDictionary<string, byte[]> Objects { get; }
    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>When set, every request gets 403 AccessDenied (a policy without s3:ListBucket / s3:GetObject).</summary>
    public bool DenyAll { get; set; }

    public IReadOnlyList<Request> Requests { get { lock (_requests) return _requests.ToList(); } }

    private async Task Loop()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            _ = Task.Run(() => Serve(context));
        }
    }

    private void Serve(HttpListenerContext context)
    {
        try
        {
            var raw = context.Request.RawUrl ?? "/";
            var (path, query) = raw.IndexOf('?') is var q and >= 0 ? (raw[..q], raw[q..]) : (raw, "");
            var headers = context.Request.Headers.AllKeys.OfType<string>().ToDictionary(k => k.ToLowerInvariant(), k => context.Request.Headers[k]!);
            using var body = new MemoryStream();
            context.Request.InputStream.CopyTo(body);
            var signature = SigV4Verifier.Verify(context.Request.HttpMethod, path, query, headers, body.ToArray(), k => _secrets.GetValueOrDefault(k));
            var parameters = query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2))
                .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "");
            lock (_requests) _requests.Add(new Request(context.Request.HttpMethod, path, parameters, signature));

            var (status, contentType, bytes) = Answer(context.Request.HttpMethod, path, parameters, signature);
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            context.Response.ContentLength64 = bytes.Length;
            context.Response.Headers["x-amz-request-id"] = "0000000000000000";
            context.Response.OutputStream.Write(bytes);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException) { }
    }

    private (int, string, byte[]) Answer(string method, string path, Dictionary<string, string> query, SigV4Verifier.Result signature)
    {
        if (!signature.IsValid) return Error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
        if (DenyAll) return Error(403, "AccessDenied", "Access Denied");
        var parts = path.TrimStart('/').Split('/', 2);
        if (method != "GET" || Uri.UnescapeDataString(parts[0]) != Bucket) return Error(404, "NoSuchBucket", "The specified bucket does not exist");
        if (parts.Length == 1 || parts[1].Length == 0)
        {
            if (!query.TryGetValue("list-type", out var type) || type != "2") return Error(400, "InvalidRequest", "only ListObjectsV2 is served");
            var prefix = query.GetValueOrDefault("prefix") ?? "";
            var after = query.TryGetValue("continuation-token", out var token) ? Encoding.UTF8.GetString(Convert.FromBase64String(token)) : null;
            var keys = Objects.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && (after is null || string.CompareOrdinal(k, after) > 0)).ToList();
            var page = keys.Take(PageSize).ToList();
            var truncated = keys.Count > PageSize;
            var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
            xml.Append($"<Name>{Bucket}</Name><Prefix>{SecurityElement.Escape(prefix)}</Prefix><KeyCount>{page.Count}</KeyCount><MaxKeys>{PageSize}</MaxKeys><IsTruncated>{(truncated ? "true" : "false")}</IsTruncated>");
            if (token is not null) xml.Append($"<ContinuationToken>{token}</ContinuationToken>");
            if (truncated) xml.Append($"<NextContinuationToken>{Convert.ToBase64String(Encoding.UTF8.GetBytes(page[^1]))}</NextContinuationToken>");
            foreach (var key in page)
                xml.Append($"<Contents><Key>{SecurityElement.Escape(key)}</Key><LastModified>2025-03-02T00:00:00.000Z</LastModified><ETag>&quot;00&quot;</ETag><Size>{Objects[key].Length}</Size><StorageClass>STANDARD</StorageClass></Contents>");
            xml.Append("</ListBucketResult>");
            return (200, "application/xml", Encoding.UTF8.GetBytes(xml.ToString()));
        }
        var objectKey = Uri.UnescapeDataString(parts[1]);
        return Objects.TryGetValue(objectKey, out var data)
            ? (200, "application/octet-stream", data)
            : Error(404, "NoSuchKey", "The specified key does not exist.");
    }

    private static (int, string, byte[]) Error(int status, string code, string message) => (status, "application/xml", Encoding.UTF8.GetBytes(
        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message><RequestId>0000000000000000</RequestId></Error>"));

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(10)); } catch (AggregateException) { }
    }
}
