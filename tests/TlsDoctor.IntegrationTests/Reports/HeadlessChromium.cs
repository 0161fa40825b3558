using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TlsDoctor.IntegrationTests.Servers;

namespace TlsDoctor.IntegrationTests.Reports;

/// <summary>
/// A real headless Chromium (Debian package chromium) driven over the DevTools protocol: one page, its network
/// requests and console messages recorded. Runs as root (--no-sandbox), listens for DevTools on a loopback port below
/// the ephemeral range, resolves no name and has a proxy that goes nowhere, so nothing can leave the machine even
/// before the page's network is switched off. Every wait has a deadline.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    /// <summary>Generous: a busy two-core machine starts Chromium in seconds, not minutes.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly List<JsonElement> _events = [];
    // Completed (and replaced) each time an event arrives, so a waiter wakes on the event itself.
    private TaskCompletionSource _eventArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private Task? _receiver;
    private int _nextId;
    private string? _session;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    public IReadOnlyList<JsonElement> Events { get { lock (_events) return _events.ToList(); } }

    public static async Task<HeadlessChromium> StartAsync()
    {
        var executable = ToolCheck.Require("chromium");
        var profile = Directory.CreateTempSubdirectory("tlsdoctor-chromium-").FullName;
        var port = FreePort.Next();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
                 {
                     "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", $"--remote-debugging-port={port}",
                     "--remote-debugging-address=127.0.0.1", $"--user-data-dir={profile}", "--no-first-run", "--no-default-browser-check",
                     "--disable-extensions", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-default-apps", "--metrics-recording-only", "--hide-scrollbars", "--force-color-profile=srgb",
                     "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                     "about:blank",
                 })
            start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start");
        var browser = new HeadlessChromium(process, profile);
        try
        {
            // "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID" on stderr when it is ready.
            using var deadline = new CancellationTokenSource(Deadline);
            string? url = null;
            while (url is null)
            {
                var line = await process.StandardError.ReadLineAsync(deadline.Token)
                    ?? throw new InvalidOperationException($"chromium exited ({(process.HasExited ? process.ExitCode : -1)}) before DevTools listened");
                var at = line.IndexOf("ws://", StringComparison.Ordinal);
                if (line.StartsWith("DevTools listening on", StringComparison.Ordinal) && at >= 0) url = line[at..].Trim();
            }
            _ = DrainAsync(process.StandardError);
            _ = DrainAsync(process.StandardOutput);
            await browser._socket.ConnectAsync(new Uri(url), deadline.Token);
            browser._receiver = Task.Run(browser.ReceiveAsync);
            var target = await browser.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" });
            var attached = await browser.SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target.GetProperty("targetId").GetString(), ["flatten"] = true });
            browser._session = attached.GetProperty("sessionId").GetString();
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends a command to the page (or to the browser before a page is attached) and waits for its answer.</summary>
    public async Task<JsonElement> SendAsync(string method, JsonObject? parameters = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (_session is not null) message["sessionId"] = _session;
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        using var deadline = new CancellationTokenSource(Deadline);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, deadline.Token);
        var reply = await answer.Task.WaitAsync(Deadline);
        if (reply.TryGetProperty("error", out var error)) throw new InvalidOperationException($"{method}: {error}");
        return reply.GetProperty("result");
    }

    /// <summary>Waits for an event of the page (already received or to come) after <paramref name="after"/> events.</summary>
    public async Task<JsonElement> WaitForEventAsync(string method, int after)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (true)
        {
            Task arrived;
            lock (_events)
            {
                var seen = _events.Skip(after).FirstOrDefault(e => e.GetProperty("method").GetString() == method);
                if (seen.ValueKind != JsonValueKind.Undefined) return seen;
                arrived = _eventArrived.Task;
            }
            try { await arrived.WaitAsync(deadline.Token); }
            catch (OperationCanceledException) { throw new TimeoutException($"no {method} event within {Deadline.TotalSeconds} s"); }
        }
    }

    /// <summary>Evaluates a JavaScript expression in the page and returns its value (JSON).</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (result.TryGetProperty("exceptionDetails", out var exception)) throw new InvalidOperationException($"page script failed: {exception}");
        return result.GetProperty("result").GetProperty("value");
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var part = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (part.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, part.Count);
                if (!part.EndOfMessage) continue;
                var element = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
                message.SetLength(0);
                if (element.TryGetProperty("id", out var id) && _pending.TryRemove(id.GetInt32(), out var waiter)) waiter.TrySetResult(element);
                else if (element.TryGetProperty("method", out _))
                    lock (_events)
                    {
                        _events.Add(element);
                        _eventArrived.TrySetResult();
                        _eventArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException) { }
        foreach (var waiter in _pending.Values) waiter.TrySetException(new InvalidOperationException("the DevTools connection closed"));
    }

    private static async Task DrainAsync(StreamReader reader)
    {
        try { while (await reader.ReadLineAsync() is not null) { } }
        catch (Exception e) when (e is IOException or ObjectDisposedException) { }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, closing.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException) { }
        _socket.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token).ConfigureAwait(false);
        }
        _process.Dispose();
        if (_receiver is not null) await _receiver.ConfigureAwait(false);
        try { Directory.Delete(_profile, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
