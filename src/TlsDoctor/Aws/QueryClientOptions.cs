namespace TlsDoctor.Aws;

/// <summary>
/// Retry and deadline settings of <see cref="QueryClient"/>. Defaults follow the AWS SDKs' "standard" retry mode
/// (a few attempts, exponential backoff with full jitter, capped) and give every request and every operation
/// (all attempts of one call) a deadline.
/// </summary>
public sealed record QueryClientOptions
{
    public int MaxAttempts { get; init; } = 4;
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Receives one line per request for --verbose: method, URL, action and parameters, status, size, time. Never headers.</summary>
    public Action<string>? Trace { get; init; }

    /// <summary>Seed of the backoff jitter; null for a random seed.</summary>
    public int? JitterSeed { get; init; }
}
