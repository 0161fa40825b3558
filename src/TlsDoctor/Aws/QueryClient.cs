using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Amazon.Runtime.Signing;

namespace TlsDoctor.Aws;

/// <summary>
/// The AWS Query protocol (ELB 2012-06-01, ELBv2 2015-12-01, CloudWatch 2010-08-01): a form-encoded POST to the
/// service endpoint, signed with AWSSDK.Core's SigV4 signer, answered with XML read by <see cref="AwsXmlReader"/>.
/// Throttling and transient faults are retried with exponential backoff and full jitter; each attempt and each
/// operation has a deadline. Failures surface as <see cref="AwsException"/> carrying one <see cref="AwsError"/>.
/// </summary>
public sealed class QueryClient : IDisposable
{
    private const string ContentType = "application/x-www-form-urlencoded; charset=utf-8";
    private const string JsonContentType = "application/x-amz-json-1.1";

    private readonly AwsSession _session;
    private readonly QueryClientOptions _options;
    private readonly HttpClient _http;
    private readonly Random _jitter;
    private readonly List<string> _actions = [];

    public QueryClient(AwsSession session, QueryClientOptions? options = null)
    {
        _session = session;
        _options = options ?? new QueryClientOptions();
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = _options.ConnectTimeout,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        }) { Timeout = Timeout.InfiniteTimeSpan };
        _jitter = _options.JitterSeed is { } seed ? new Random(seed) : new Random();
    }

    public AwsSession Session => _session;

    /// <summary>Every action sent so far, in order, one entry per operation (not per retry).</summary>
    public IReadOnlyList<string> Actions { get { lock (_actions) return _actions.ToList(); } }

    /// <summary>Calls <paramref name="action"/> and returns its <c>{Action}Result</c> element.</summary>
    public Task<AwsXmlElement> CallAsync(AwsService service, string action, IReadOnlyList<KeyValuePair<string, string>> parameters, CancellationToken ct) =>
        RunAsync(service, action, Encode(action, service.ApiVersion!, parameters), ContentType, null,
            (endpoint, status, body, attempt) => InterpretXml(service, action, endpoint, status, body, attempt), ct);

    /// <summary>
    /// Calls <paramref name="action"/> of a service spoken in the AWS JSON 1.1 protocol (ACM): the same signing,
    /// retries and deadlines, a JSON body and the <c>X-Amz-Target</c> header <c>{TargetPrefix}.{Action}</c>.
    /// Returns the response document's root.
    /// </summary>
    public Task<JsonElement> CallJsonAsync(AwsService service, string action, byte[] json, CancellationToken ct) =>
        RunAsync(service, action, json, JsonContentType, $"{service.JsonTargetPrefix}.{action}",
            (endpoint, status, body, attempt) => InterpretJson(service, action, endpoint, status, body, attempt), ct);

    private async Task<T> RunAsync<T>(AwsService service, string action, byte[] body, string contentType, string? target,
        Func<AwsEndpoint, int, byte[], int, (T? Result, Retry? Retry)> interpret, CancellationToken ct)
    {
        lock (_actions) _actions.Add(action);
        var endpoint = _session.EndpointFor(service);
        using var operation = CancellationTokenSource.CreateLinkedTokenSource(ct);
        operation.CancelAfter(_options.OperationTimeout);
        for (var attempt = 1; ; attempt++)
        {
            var (status, answer, failed) = await AttemptAsync(service, action, endpoint, body, contentType, target, attempt, operation.Token, ct).ConfigureAwait(false);
            var (result, retry) = failed is null ? interpret(endpoint, status, answer!, attempt) : (default, failed);
            if (retry is null) return result!;
            if (attempt >= _options.MaxAttempts) throw new AwsException(retry.Value.Error);
            try
            {
                await Task.Delay(Backoff(attempt, retry.Value.Throttled), operation.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new AwsException(retry.Value.Error);
            }
        }
    }

    /// <summary>
    /// Follows a paginated operation to its end: sends <paramref name="requestToken"/> with the previous page's
    /// <paramref name="responseToken"/> until that is absent or empty (ELBv2: Marker/NextMarker; CloudWatch: NextToken).
    /// Stops with an error when a service repeats a token (a loop a hostile or broken endpoint could cause).
    /// </summary>
    public async IAsyncEnumerable<AwsXmlElement> PagesAsync(AwsService service, string action, IReadOnlyList<KeyValuePair<string, string>> parameters,
        [EnumeratorCancellation] CancellationToken ct, string requestToken = "Marker", string responseToken = "NextMarker")
    {
        string? token = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var page = await CallAsync(service, action, token is null ? parameters : [.. parameters, new(requestToken, token)], ct).ConfigureAwait(false);
            yield return page;
            token = page.Value(responseToken);
            if (string.IsNullOrEmpty(token)) yield break;
            if (!seen.Add(token))
                throw new AwsException(new AwsError(AwsErrorKind.Unreachable, $"{service.ServiceId} {action} repeated the page token it had already given; stopping."));
        }
    }

    private readonly record struct Retry(AwsError Error, bool Throttled);

    /// <summary>One signed POST: the status and body of the answer, or why there is none (a retryable failure).</summary>
    private async Task<(int Status, byte[]? Body, Retry? Failed)> AttemptAsync(AwsService service, string action, AwsEndpoint endpoint,
        byte[] body, string contentType, string? target, int attempt, CancellationToken operation, CancellationToken caller)
    {
        var (credentials, credentialsError) = await _session.GetCredentialsAsync(operation).ConfigureAwait(false);
        if (credentials is null) throw new AwsException(credentialsError!);

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (target is not null) request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        AWSSigningResult signed;
        try
        {
            // Signed per attempt: the signature covers the time, and a retry may come minutes later.
            var toSign = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = endpoint.Url, Content = body };
            toSign.Headers["Content-Type"] = contentType;
            if (target is not null) toSign.Headers["X-Amz-Target"] = target;
            signed = await AWSSigV4Signer.SignAsync(toSign, new AWSSigV4Parameters
            {
                Credentials = credentials,
                Region = _session.Region,
                Service = service.SigningName,
            }, operation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Amazon.Runtime.AmazonClientException && !caller.IsCancellationRequested)
        {
            throw new AwsException(new AwsError(AwsErrorKind.MissingCredentials, "The AWS credentials could not be used to sign the request: refresh them and try again."));
        }
        foreach (var (name, value) in signed.Headers)
            if (!string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase) && !string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(name, "X-Amz-Target", StringComparison.OrdinalIgnoreCase))
                request.Headers.TryAddWithoutValidation(name, value);

        var started = Stopwatch.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(operation);
        deadline.CancelAfter(_options.AttemptTimeout);
        int status;
        byte[] responseBody;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            responseBody = await ReadBoundedAsync(response.Content, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            Trace(service, action, endpoint, attempt, "timed out", started);
            return (0, null, new Retry(Unreachable(service, action, endpoint, $"no answer within {Seconds(_options.AttemptTimeout)}", attempt), false));
        }
        catch (HttpRequestException e)
        {
            var reason = e.InnerException is SocketException se ? SocketReason(se.SocketErrorCode) : QueryErrors.Clean(e.Message) ?? "connection failed";
            Trace(service, action, endpoint, attempt, reason, started);
            return (0, null, new Retry(Unreachable(service, action, endpoint, reason, attempt), false));
        }
        catch (IOException e)
        {
            Trace(service, action, endpoint, attempt, "connection lost", started);
            return (0, null, new Retry(Unreachable(service, action, endpoint, QueryErrors.Clean(e.Message) ?? "connection lost", attempt), false));
        }
        Trace(service, action, endpoint, attempt, $"HTTP {status}, {responseBody.Length} bytes", started);
        return (status, responseBody, null);
    }

    private static (AwsXmlElement? Result, Retry? Retry) InterpretXml(AwsService service, string action, AwsEndpoint endpoint, int status, byte[] responseBody, int attempt)
    {

        var (root, xmlError) = AwsXmlReader.Parse(responseBody);
        if (status is >= 200 and < 300)
        {
            if (root is null)
                throw new AwsException(NotTheApi(service, action, endpoint, status, xmlError!));
            var result = root.Name == action + "Response" ? root.Child(action + "Result") : null;
            // An operation with no output members may still omit its (empty) result wrapper.
            return (result ?? (root.Name == action + "Response" ? new AwsXmlElement(action + "Result", "", []) : throw new AwsException(
                NotTheApi(service, action, endpoint, status, $"the root element is <{root.Name}>, not <{action}Response>"))), null);
        }

        var error = root?.Name == "ErrorResponse" ? root.Child("Error") : root?.Name == "Response" ? root.Child("Errors")?.Child("Error") : null;
        var code = error?.Value("Code");
        var message = error?.Value("Message");
        if (code is null && status is not (403 or 429 or >= 500))
            throw new AwsException(NotTheApi(service, action, endpoint, status, xmlError ?? $"no error code in <{root?.Name}>"));
        var described = QueryErrors.Describe(service, action, status, code, message, attempt);
        if (QueryErrors.IsRetryable(status, code)) return (null, new Retry(described, QueryErrors.IsThrottling(status, code)));
        throw new AwsException(described);
    }

    /// <summary>
    /// An AWS JSON 1.1 answer: 2xx is the output document; an error is <c>{"__type": "[namespace#]Code", "message": …}</c>
    /// (the code decides, as for the Query protocol).
    /// </summary>
    private static (JsonElement Result, Retry? Retry) InterpretJson(AwsService service, string action, AwsEndpoint endpoint, int status, byte[] responseBody, int attempt)
    {
        JsonElement? root = null;
        string? parseError = null;
        if (responseBody.Length > AwsXmlReader.MaxBytes) parseError = "the answer is larger than 16 MiB";
        else
        {
            try
            {
                using var document = JsonDocument.Parse(responseBody, new JsonDocumentOptions { MaxDepth = 64 });
                root = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                parseError = QueryErrors.Clean(e.Message) ?? "not JSON";
            }
        }
        if (status is >= 200 and < 300)
        {
            if (root is not { ValueKind: JsonValueKind.Object } result)
                throw new AwsException(NotTheApi(service, action, endpoint, status, parseError ?? "the answer is not a JSON object"));
            return (result, null);
        }
        string? code = null, message = null;
        if (root is { ValueKind: JsonValueKind.Object } error)
        {
            code = Text(error, "__type") ?? Text(error, "code");
            if (code is not null && code.LastIndexOf('#') is var hash and >= 0) code = code[(hash + 1)..];
            message = Text(error, "message") ?? Text(error, "Message");
        }
        if (code is null && status is not (403 or 429 or >= 500))
            throw new AwsException(NotTheApi(service, action, endpoint, status, parseError ?? "no error code (__type) in the answer"));
        var described = QueryErrors.Describe(service, action, status, code, message, attempt);
        if (QueryErrors.IsRetryable(status, code)) return (default, new Retry(described, QueryErrors.IsThrottling(status, code)));
        throw new AwsException(described);
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private TimeSpan Backoff(int attempt, bool throttled)
    {
        // Full jitter (random in [0, min(cap, base·2^attempt)]), with a longer base for throttling as in the SDKs.
        var baseDelay = throttled ? _options.BaseDelay * 2 : _options.BaseDelay;
        var ceiling = Math.Min(_options.MaxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        double fraction;
        lock (_jitter) fraction = _jitter.NextDouble();
        return TimeSpan.FromMilliseconds(ceiling * fraction);
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken ct)
    {
        if (content.Headers.ContentLength is > AwsXmlReader.MaxBytes) return new byte[AwsXmlReader.MaxBytes + 1];
        await using var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > AwsXmlReader.MaxBytes) break;
        }
        return buffer.ToArray();
    }

    /// <summary>The form body: Action, Version, then the parameters, percent-encoded as RFC 3986 unreserved (as SigV4 canonicalises).</summary>
    public static byte[] Encode(string action, string version, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var text = new StringBuilder();
        text.Append("Action=").Append(Uri.EscapeDataString(action)).Append("&Version=").Append(Uri.EscapeDataString(version));
        foreach (var (name, value) in parameters) text.Append('&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private void Trace(AwsService service, string action, AwsEndpoint endpoint, int attempt, string outcome, long started)
    {
        if (_options.Trace is not { } trace) return;
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        trace($"aws: POST {endpoint.Url} ({endpoint.Source}) {service.ServiceId} {action} attempt {attempt}: {outcome}, {ms:0} ms");
    }

    private static AwsError Unreachable(AwsService service, string action, AwsEndpoint endpoint, string reason, int attempts) =>
        new(AwsErrorKind.Unreachable, $"The {service.ServiceId} endpoint {endpoint.Url} ({endpoint.Source}) could not be reached for {action}: {reason} ({attempts} attempt{(attempts == 1 ? "" : "s")}).");

    private static AwsError NotTheApi(AwsService service, string action, AwsEndpoint endpoint, int status, string why) =>
        new(AwsErrorKind.Unreachable, $"The {service.ServiceId} endpoint {endpoint.Url} answered {action} with HTTP {status} that is not the AWS API's: {why}.");

    private static string SocketReason(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host name not found",
        SocketError.TimedOut => "connection timed out",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "network unreachable",
        SocketError.ConnectionReset => "connection reset",
        _ => error.ToString(),
    };

    private static string Seconds(TimeSpan t) => $"{t.TotalSeconds:0.#} s";

    public void Dispose() => _http.Dispose();
}
