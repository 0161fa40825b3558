using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using TlsDoctor.Aws;

namespace TlsDoctor.Logs;

/// <summary>
/// s3://bucket/prefix as log sources: keys listed with ListObjectsV2 (only the date folders --since/--until select when
/// the prefix stops at the region folder of the key layout), each object streamed with GetObject when a worker reads
/// it. Credentials, region and endpoint come from the <see cref="AwsSession"/> that `tlsdoctor aws` uses.
/// </summary>
public static class S3LogInputs
{
    /// <summary>Per-request deadline (listing pages and opening objects); the SDK retries transient failures up to 3 times.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>An S3 client for the session: its credentials, and its S3 endpoint (path-style for a configured endpoint such as a local S3 server).</summary>
    public static async Task<(IAmazonS3? Client, AwsError? Error)> CreateClientAsync(AwsSession session, CancellationToken cancellation)
    {
        var (credentials, error) = await session.GetCredentialsAsync(cancellation).ConfigureAwait(false);
        if (credentials is null) return (null, error);
        var endpoint = session.EndpointFor(AwsService.S3);
        var config = new AmazonS3Config { Timeout = RequestTimeout, MaxErrorRetry = 3 };
        if (endpoint.IsOverride)
        {
            config.ServiceURL = endpoint.Url.ToString();
            config.AuthenticationRegion = session.Region.SystemName;
            config.ForcePathStyle = true;
        }
        else config.RegionEndpoint = session.Region;
        return (new AmazonS3Client(credentials, config), null);
    }

    /// <summary>Splits s3://bucket/prefix; false for anything else.</summary>
    public static bool TryParse(string url, out string bucket, out string prefix)
    {
        bucket = prefix = "";
        if (!url.StartsWith("s3://", StringComparison.OrdinalIgnoreCase)) return false;
        var rest = url[5..];
        var slash = rest.IndexOf('/');
        bucket = slash < 0 ? rest : rest[..slash];
        prefix = slash < 0 ? "" : rest[(slash + 1)..];
        return bucket.Length is >= 3 and <= 63 && bucket.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.');
    }

    public static LogInputResolution List(IAmazonS3 s3, string url, LogDateRange range, CancellationToken cancellation = default)
    {
        if (!TryParse(url, out var bucket, out var prefix))
            return LogInputResolution.Failure($"'{url}' is not s3://bucket/prefix (bucket names are 3–63 lower-case letters, digits, '-' and '.')");
        var prefixes = DayPrefixes(prefix, range) ?? [prefix];
        var sources = new List<LogSource>();
        try
        {
            foreach (var p in prefixes)
            {
                string? token = null;
                do
                {
                    var page = s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = p, ContinuationToken = token }, cancellation)
                        .GetAwaiter().GetResult();
                    foreach (var o in page.S3Objects ?? [])
                    {
                        if (o.Key.EndsWith('/') || !range.IncludesPath(o.Key)) continue;
                        var key = o.Key;
                        sources.Add(new LogSource($"s3://{bucket}/{key}", () => Open(s3, bucket, key, cancellation)) { Length = o.Size });
                    }
                    token = page.IsTruncated == true ? page.NextContinuationToken : null;
                } while (token is not null);
            }
        }
        catch (AmazonServiceException e)
        {
            return LogInputResolution.ServiceFailure(new AwsError(Kind(e), $"listing s3://{bucket}/{prefix} failed: {Describe(e)}", e.ErrorCode, "ListObjectsV2"));
        }
        catch (Exception e) when (e is AmazonClientException or HttpRequestException or IOException or TaskCanceledException or TimeoutException)
        {
            return LogInputResolution.ServiceFailure(new AwsError(AwsErrorKind.Unreachable, $"listing s3://{bucket}/{prefix} failed: {e.Message}", null, "ListObjectsV2"));
        }
        return LogInputResolution.Success(sources);
    }

    /// <summary>
    /// The date folders to list instead of the whole prefix: only when the range is bounded and the prefix ends at the
    /// region folder (…/AWSLogs/{account}/elasticloadbalancing/{region}/), where yyyy/mm/dd/ follows.
    /// </summary>
    internal static IReadOnlyList<string>? DayPrefixes(string prefix, LogDateRange range)
    {
        if (range.Days() is not { } days) return null;
        var parts = prefix.TrimEnd('/').Split('/');
        if (parts.Length < 4 || parts[^2] != "elasticloadbalancing" || parts[^4] != "AWSLogs") return null;
        var root = prefix.EndsWith('/') ? prefix : prefix + "/";
        return days.Select(d => $"{root}{d:yyyy'/'MM'/'dd}/").ToList();
    }

    /// <summary>Opens an object for reading; S3 failures become IOException, so that the scan skips the file as unreadable and goes on.</summary>
    private static Stream Open(IAmazonS3 s3, string bucket, string key, CancellationToken cancellation)
    {
        try
        {
            return s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, cancellation).GetAwaiter().GetResult().ResponseStream;
        }
        catch (AmazonServiceException e)
        {
            throw new IOException($"GetObject failed: {Describe(e)}", e);
        }
        catch (Exception e) when (e is AmazonClientException or HttpRequestException or TaskCanceledException or TimeoutException)
        {
            throw new IOException($"GetObject failed: {e.Message}", e);
        }
    }

    private static AwsErrorKind Kind(AmazonServiceException e) => e.StatusCode switch
    {
        HttpStatusCode.Forbidden => AwsErrorKind.AccessDenied,
        HttpStatusCode.NotFound => AwsErrorKind.NotFound,
        HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable when e.ErrorCode is "SlowDown" or "Throttling" => AwsErrorKind.Throttled,
        _ => AwsErrorKind.Unreachable,
    };

    private static string Describe(AmazonServiceException e) =>
        e.StatusCode == HttpStatusCode.Forbidden ? $"access denied ({e.ErrorCode ?? "403"}): the credentials need s3:ListBucket and s3:GetObject (docs/logs.md)"
        : $"{e.ErrorCode ?? ((int)e.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)}: {e.Message}";
}
