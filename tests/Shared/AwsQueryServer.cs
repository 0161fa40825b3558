using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TlsDoctor.Testing;

/// <summary>
/// A local stand-in for the AWS Query endpoints (ELB, ELBv2, CloudWatch) on 127.0.0.1, below the ephemeral port range.
/// It speaks HTTP/1.1, decodes each form-encoded POST, checks its SigV4 signature with <see cref="SigV4Verifier"/>
/// against the secrets it was given, records what it received, and answers with the XML a handler returns (the
/// documented samples in ../shared/reference/aws/api-samples). A request with a bad signature gets AWS's
/// SignatureDoesNotMatch, as the real service would answer; an action without a handler gets InvalidAction.
/// </summary>
public sealed class AwsQueryServer : IAsyncDisposable
{
    public sealed record Request(string Method, string Path, IReadOnlyDictionary<string, string> Headers, IReadOnlyList<KeyValuePair<string, string>> Form,
        SigV4Verifier.Result Signature)
    {
        /// <summary>The Query protocol's Action parameter, or for the JSON protocol (ACM) the operation its X-Amz-Target names.</summary>
        public string? Action => Target is { } t ? t[(t.IndexOf('.') + 1)..] : Method == "GET" ? $"GET {Path}" : Get("Action");

        /// <summary>The JSON protocol's X-Amz-Target header (e.g. CertificateManager.DescribeCertificate), else null.</summary>
        public string? Target => Headers.GetValueOrDefault("x-amz-target");

        /// <summary>The body as text (the JSON document of a JSON-protocol request).</summary>
        public string Body { get; init; } = "";
        public string? Version => Get("Version");
        public string? Get(string name) => Form.Where(p => p.Key == name).Select(p => p.Value).FirstOrDefault();
        public bool Has(string name) => Form.Any(p => p.Key == name);
        /// <summary>The parameters besides Action and Version, as "Name=value" lines sorted by name (for exact comparisons).</summary>
        public IReadOnlyList<string> Parameters => Form.Where(p => p.Key is not ("Action" or "Version")).Select(p => $"{p.Key}={p.Value}").Order(StringComparer.Ordinal).ToList();
    }

    public sealed record Response(int Status, string Body, string ContentType = "text/xml");

    /// <summary>An AWS JSON 1.1 answer (ACM); an error is {"__type": CODE, "message": …}.</summary>
    public static Response Json(string body, int status = 200) => new(status, body, "application/x-amz-json-1.1");

    public static Response JsonError(string code, string message, int status = 400) =>
        Json($$"""{"__type":"{{code}}","message":"{{message}}"}""", status);

    private readonly TcpListener _listener;
    private readonly Dictionary<string, string> _secrets = new();
    private readonly List<Request> _requests = [];
    private readonly Dictionary<string, Func<Request, Response>> _handlers = new();
    private readonly HashSet<string> _unsigned = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public AwsQueryServer(params (string AccessKey, string Secret)[] credentials)
    {
        foreach (var (key, secret) in credentials) _secrets[key] = secret;
        _listener = Bind();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = AcceptLoop();
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<Request> Requests { get { lock (_requests) return _requests.ToList(); } }

    public IReadOnlyList<Request> RequestsFor(string action) => Requests.Where(r => r.Action == action).ToList();

    public void On(string action, Func<Request, Response> handler)
    {
        lock (_handlers) _handlers[action] = handler;
    }

    /// <summary>The handler registered for <paramref name="action"/> (to wrap it).</summary>
    public Func<Request, Response> Handler(string action)
    {
        lock (_handlers) return _handlers[action];
    }

    /// <summary>Lets <paramref name="action"/> through without a signature, as AWS does for STS AssumeRoleWithWebIdentity.</summary>
    public void AllowUnsigned(string action)
    {
        lock (_handlers) _unsigned.Add(action);
    }

    /// <summary>Answers every <paramref name="action"/> with one sample file (api-samples/NAME) and HTTP 200.</summary>
    public void OnSample(string action, string sample) => On(action, _ => Sample(sample));

    public static Response Sample(string file, int status = 200) => new(status, File.ReadAllText(RepoPaths.SharedReference("aws/api-samples/" + file)));

    public static Response Error(string code, string message, int status = 400, string version = "2015-12-01") => new(status,
        $"""<ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/{version}/"><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>""");

    private static TcpListener Bind()
    {
        var ephemeralLow = 32768;
        try
        {
            var text = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            if (text.Length > 0 && int.TryParse(text[0], out var low) && low > 12000) ephemeralLow = low;
        }
        catch (IOException) { }
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var listener = new TcpListener(IPAddress.Loopback, Random.Shared.Next(10000, ephemeralLow));
            try
            {
                listener.Start(64);
                return listener;
            }
            catch (SocketException) { }
        }
        throw new InvalidOperationException("no free loopback port below the ephemeral range");
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new MemoryStream();
            var chunk = new byte[16384];
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var request = await ReadRequest(stream, buffer, chunk);
                    if (request is null) return;
                    var response = Handle(request);
                    var body = Encoding.UTF8.GetBytes(response.Body);
                    var head = $"HTTP/1.1 {response.Status} {(response.Status == 200 ? "OK" : "Error")}\r\nContent-Type: {response.ContentType}\r\nContent-Length: {body.Length}\r\nx-amzn-RequestId: 00000000-0000-0000-0000-000000000000\r\n\r\n";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
                    await stream.WriteAsync(body, _stop.Token);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException) { }
        }
    }

    private async Task<Request?> ReadRequest(NetworkStream stream, MemoryStream buffer, byte[] chunk)
    {
        int headerEnd;
        while ((headerEnd = IndexOf(buffer, "\r\n\r\n"u8)) < 0)
        {
            var read = await stream.ReadAsync(chunk, _stop.Token);
            if (read == 0) return null;
            buffer.Write(chunk, 0, read);
        }
        var headText = Encoding.ASCII.GetString(buffer.GetBuffer(), 0, headerEnd);
        var lines = headText.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }
        var length = headers.TryGetValue("content-length", out var cl) ? int.Parse(cl) : 0;
        while (buffer.Length < headerEnd + 4 + length)
        {
            var read = await stream.ReadAsync(chunk, _stop.Token);
            if (read == 0) return null;
            buffer.Write(chunk, 0, read);
        }
        var body = buffer.GetBuffer().AsSpan(headerEnd + 4, length).ToArray();
        var rest = buffer.GetBuffer().AsSpan(headerEnd + 4 + length, (int)buffer.Length - headerEnd - 4 - length).ToArray();
        buffer.SetLength(0);
        buffer.Write(rest);

        var target = requestLine.Length > 1 ? requestLine[1] : "/";
        var (path, query) = target.IndexOf('?') is var q and >= 0 ? (target[..q], target[q..]) : (target, "");
        var signature = SigV4Verifier.Verify(requestLine[0], path, query, headers, body, key => _secrets.GetValueOrDefault(key));
        // A REST call (SSO GetRoleCredentials: GET /federation/credentials?…) carries its parameters in the query string.
        var isForm = headers.GetValueOrDefault("content-type", "").StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
        var form = (isForm ? Encoding.UTF8.GetString(body) : requestLine[0] == "GET" ? query.TrimStart('?') : "").Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => new KeyValuePair<string, string>(Uri.UnescapeDataString(p[0].Replace('+', ' ')), p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : ""))
            .ToList();
        var request = new Request(requestLine[0], path, headers, form, signature) { Body = Encoding.UTF8.GetString(body) };
        lock (_requests) _requests.Add(request);
        return request;
    }

    private Response Handle(Request request)
    {
        bool unsigned;
        lock (_handlers) unsigned = _unsigned.Contains(request.Action ?? "") && !request.Headers.ContainsKey("authorization");
        if (!request.Signature.IsValid && !unsigned)
            return Error("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.", 403);
        Func<Request, Response>? handler;
        lock (_handlers) _handlers.TryGetValue(request.Action ?? "", out handler);
        return handler?.Invoke(request) ?? Error("InvalidAction", $"Could not find operation {request.Action} for version {request.Version}");
    }

    private static int IndexOf(MemoryStream buffer, ReadOnlySpan<byte> pattern) =>
        buffer.GetBuffer().AsSpan(0, (int)buffer.Length).IndexOf(pattern);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _loop; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
