using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace TlsDoctor.Scanning;

/// <summary>
/// Scans many endpoints: resolves each name once, bounds connections globally and per endpoint, and
/// streams results as endpoints finish (not in input order). One failing endpoint never stops the others.
/// </summary>
public sealed class ScanEngine(ScanOptions options)
{
    /// <summary>Each endpoint's connection limit, shared by the targets that resolve to it.</summary>
    private readonly EndpointBudgets _endpoints = new(Math.Max(1, options.PerEndpointConcurrency));

    /// <summary>Builds the prober for one endpoint; the default sends raw hellos through a <see cref="Connector"/>.</summary>
    public Func<IPEndPoint, ScanTarget, Connector, SemaphoreSlim, IHandshakeProber>? ProberFactory { get; init; }

    public async IAsyncEnumerable<ScanResult> ScanAsync(IReadOnlyList<ScanTarget> targets, IScanProgress? progress,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        using var global = new SemaphoreSlim(Math.Max(1, options.Concurrency));
        // Endpoints in flight: enough to keep the global connection budget busy.
        var endpointsAtOnce = Math.Max(1, options.Concurrency / Math.Max(1, Math.Min(options.PerEndpointConcurrency, 4)));
        using var endpointSlots = new SemaphoreSlim(endpointsAtOnce);
        // Bounded: a result waits here only while the reader writes the previous ones out, so a run of any length holds
        // at most this many finished results (plus one per endpoint in flight), never all of them.
        var channel = Channel.CreateBounded<ScanResult>(new BoundedChannelOptions(4) { SingleReader = true });
        var done = 0;

        var producer = Task.Run(async () =>
        {
            // Endpoints still running (finished ones are dropped as new ones start: a long run keeps no per-endpoint state).
            var running = new List<Task>();
            foreach (var target in targets)
            {
                await endpointSlots.WaitAsync(ct).ConfigureAwait(false);
                running.RemoveAll(t => t.IsCompletedSuccessfully);
                running.Add(Task.Run(async () =>
                {
                    try
                    {
                        progress?.Started(target);
                        var result = await ScanContainedAsync(target, global, ct).ConfigureAwait(false);
                        var n = Interlocked.Increment(ref done);
                        progress?.Finished(target, result, n, targets.Count);
                        await channel.Writer.WriteAsync(result, ct).ConfigureAwait(false);
                    }
                    finally { endpointSlots.Release(); }
                }, ct));
            }
            try { await Task.WhenAll(running).ConfigureAwait(false); channel.Writer.TryComplete(); }
            catch (Exception e) { channel.Writer.TryComplete(e); }
        }, ct);

        await foreach (var result in channel.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            yield return result;
        await producer.ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="ScanOneAsync"/>, with a bug confined to its own endpoint: the exception becomes that endpoint's
    /// <see cref="ProbeFailure.InternalError"/> and the run goes on.
    /// </summary>
    private async Task<ScanResult> ScanContainedAsync(ScanTarget target, SemaphoreSlim global, CancellationToken ct)
    {
        var started = options.Time.GetTimestamp();
        try
        {
            return await ScanOneAsync(target, global, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            options.Trace?.WriteLine($"internal error scanning {target.Host}:{target.Port}: {e}");
            return new ScanResult
            {
                Target = new TargetInfo(target.Host, target.Port, null, target.Sni) { Input = target.Input },
                Failure = new ProbeFailure.InternalError(e.GetType().Name, e.Message),
                Stats = new ScanStats(0, (long)options.Time.GetElapsedTime(started).TotalMilliseconds),
            };
        }
    }

    /// <summary>Scans one endpoint (resolution included).</summary>
    public async Task<ScanResult> ScanOneAsync(ScanTarget target, SemaphoreSlim global, CancellationToken ct)
    {
        var started = options.Time.GetTimestamp();
        var (address, failure) = await ResolveAsync(target.Host, options.Timeouts.Resolve, ct, options.Time).ConfigureAwait(false);
        var info = new TargetInfo(target.Host, target.Port, address?.ToString(), target.Sni) { Input = target.Input };
        if (address is null)
            return new ScanResult { Target = info, Failure = failure, Stats = new ScanStats(0, (long)options.Time.GetElapsedTime(started).TotalMilliseconds) };

        var endpoint = new IPEndPoint(address, target.Port);
        var connector = new Connector(options.Timeouts, options.Time);
        var gate = new BoundedGate(global, _endpoints.Enter(endpoint));
        IHandshakeProber? prober = null;
        ScanResult result;
        try
        {
            prober = ProberFactory?.Invoke(endpoint, target, connector, global)
                ?? new RawHandshakeProber(connector, endpoint, gate) { Trace = options.Trace };
            var scanner = new EndpointScanner(prober, target.Sni, options.Time)
            {
                FetchCertificate = options.Certificates ? token => FetchCertificateAsync(connector, endpoint, gate, target.Sni ?? target.Host, token) : null,
                EnumerateSignatureAlgorithms = options.SignatureAlgorithms,
            };
            result = await scanner.ScanAsync(info, ct).ConfigureAwait(false);
        }
        finally
        {
            (prober as IDisposable)?.Dispose();
            _endpoints.Exit(endpoint);
        }
        return result with { Stats = new ScanStats(connector.Connections, (long)options.Time.GetElapsedTime(started).TotalMilliseconds) };
    }

    /// <summary>The certificate handshake's connection holds a slot of both connection limits, like every probe's.</summary>
    private static async Task<IReadOnlyList<byte[]>> FetchCertificateAsync(Connector connector, IPEndPoint endpoint, BoundedGate gate,
        string serverName, CancellationToken ct)
    {
        using var slot = await gate.EnterAsync(ct).ConfigureAwait(false);
        return await CertificateFetcher.FetchAsync(connector, endpoint, serverName, ct).ConfigureAwait(false);
    }

    /// <summary>Resolves once; IPv4 preferred (the address used is reported).</summary>
    public static async Task<(IPAddress? Address, ProbeFailure? Failure)> ResolveAsync(string host, TimeSpan timeout, CancellationToken ct,
        TimeProvider? time = null)
    {
        if (IPAddress.TryParse(host, out var literal)) return (literal, null);
        using var timer = new CancellationTokenSource(timeout, time ?? TimeProvider.System);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host, deadline.Token).ConfigureAwait(false);
            var pick = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
            return pick is null ? (null, new ProbeFailure.Unresolvable(host, "no addresses")) : (pick, null);
        }
        catch (SocketException e)
        {
            return (null, new ProbeFailure.Unresolvable(host, e.SocketErrorCode == SocketError.HostNotFound ? "unknown host" : e.Message));
        }
        catch (ArgumentException e)
        {
            // Names the resolver rejects before asking anyone (over 255 characters, empty labels).
            return (null, new ProbeFailure.Unresolvable(host, e.Message.Split(" (Parameter")[0]));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, new ProbeFailure.Timeout(ProbeStage.Resolve, (int)timeout.TotalMilliseconds));
        }
    }
}
