using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace TlsDoctor.Aws;

/// <summary>
/// Credentials, region and per-service endpoints resolved as the AWS CLI resolves them, through AWSSDK.Core's
/// chains: --profile, else the environment (AWS_ACCESS_KEY_ID…, AWS_PROFILE), the shared config and credentials
/// files (static keys, SSO, assume-role, web identity, credential_process), container and instance metadata.
/// One session serves every AWS client of a run (ELB, ELBv2, CloudWatch here; S3 through AWSSDK.S3 in Logs).
/// The type never prints its credentials: <see cref="ToString"/> names only the profile and region.
/// <para>For an SDK client (S3): credentials from <see cref="GetCredentialsAsync"/>; when
/// <see cref="EndpointFor"/>(<see cref="AwsService.S3"/>) is an override, set the config's ServiceURL to it,
/// AuthenticationRegion to <see cref="Region"/> and ForcePathStyle; otherwise set RegionEndpoint to <see cref="Region"/>.</para>
/// <para>AWSSDK.Core remembers the shared config file's path for the life of the process (a CLI run resolves once).</para>
/// </summary>
public sealed class AwsSession
{
    private readonly AwsSessionOptions _options;
    private readonly CredentialProfile? _profile;
    private readonly SemaphoreSlim _credentialsGate = new(1, 1);
    private AWSCredentials? _credentials;

    private AwsSession(AwsSessionOptions options, string profileName, CredentialProfile? profile, RegionEndpoint region, string regionSource)
    {
        _options = options;
        ProfileName = profileName;
        _profile = profile;
        Region = region;
        RegionSource = regionSource;
    }

    /// <summary>The profile in force: --profile, else AWS_PROFILE, else "default" (which need not exist).</summary>
    public string ProfileName { get; }

    public RegionEndpoint Region { get; }

    /// <summary>Where the region came from, for --verbose.</summary>
    public string RegionSource { get; }

    /// <summary>
    /// Resolves the profile and region now; credentials are resolved on first use (<see cref="GetCredentialsAsync"/>)
    /// because that may need the network. Fails with <see cref="AwsErrorKind.NoRegion"/> or, for an unknown
    /// --profile, <see cref="AwsErrorKind.MissingCredentials"/>.
    /// </summary>
    public static (AwsSession? Session, AwsError? Error) Resolve(AwsSessionOptions options)
    {
        var chain = new CredentialProfileStoreChain();
        var profileName = options.Profile ?? Variable("AWS_PROFILE") ?? "default";
        CredentialProfile? profile = null;
        try
        {
            if (!chain.TryGetProfile(profileName, out profile)) profile = null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidDataException or AmazonClientException)
        {
            return (null, new AwsError(AwsErrorKind.MissingCredentials, $"The AWS shared config or credentials file could not be read: {e.Message}"));
        }
        if (options.Profile is not null && profile is null)
            return (null, new AwsError(AwsErrorKind.MissingCredentials,
                $"The AWS profile '{options.Profile}' was not found in the shared config or credentials files."));

        RegionEndpoint? region;
        string source;
        try
        {
            (region, source) = ResolveRegion(options, profile);
        }
        catch (AwsException e)
        {
            return (null, e.Error);
        }
        if (region is null)
            return (null, new AwsError(AwsErrorKind.NoRegion,
                "No AWS region is configured: pass --region, set AWS_REGION, or set 'region' in the profile."));
        return (new AwsSession(options, profileName, profile, region, source), null);
    }

    // The AWS CLI's order: --region, AWS_REGION, AWS_DEFAULT_REGION, the profile's region, instance metadata.
    private static (RegionEndpoint? Region, string Source) ResolveRegion(AwsSessionOptions options, CredentialProfile? profile)
    {
        if (!string.IsNullOrWhiteSpace(options.Region)) return (ParseRegion(options.Region.Trim(), "--region"), "--region");
        foreach (var name in (string[])["AWS_REGION", "AWS_DEFAULT_REGION"])
            if (Variable(name) is { } value) return (ParseRegion(value, name), name);
        if (profile?.Region is { } fromProfile) return (fromProfile, $"profile {profile.Name}");
        if (IsTrue(Variable("AWS_EC2_METADATA_DISABLED"))) return (null, "");
        try
        {
            var fromMetadata = new InstanceProfileAWSRegion().Region;
            return fromMetadata is null ? (null, "") : (fromMetadata, "instance metadata");
        }
        catch (Exception e) when (e is AmazonClientException or InvalidOperationException or IOException or HttpRequestException)
        {
            return (null, "");
        }
    }

    // A region name becomes a host name component (elasticloadbalancing.REGION.amazonaws.com).
    private static RegionEndpoint ParseRegion(string name, string source)
    {
        if (name.Length is 0 or > 50 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') || name[0] == '-' || name[^1] == '-')
            throw new AwsException(new AwsError(AwsErrorKind.BadInput,
                $"The region from {source} is not a region name (like us-east-1): '{QueryErrors.Clean(name)}'."));
        return RegionEndpoint.GetBySystemName(name);
    }

    /// <summary>
    /// The endpoint for <paramref name="service"/>, in the AWS CLI's order: --endpoint-url; then, unless
    /// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS or the profile's ignore_configured_endpoint_urls is true, the
    /// service-specific variable (AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2, _ELASTIC_LOAD_BALANCING,
    /// _CLOUDWATCH, _S3), AWS_ENDPOINT_URL, the profile's endpoint_url; else the region's public endpoint.
    /// Throws <see cref="AwsException"/> (kind Rejected) when the configured URL is not an http(s) URL.
    /// </summary>
    public AwsEndpoint EndpointFor(AwsService service)
    {
        if (!string.IsNullOrWhiteSpace(_options.EndpointUrl)) return new(ParseUrl(_options.EndpointUrl, "--endpoint-url"), "--endpoint-url");
        var ignore = IsTrue(Variable("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) || _profile?.IgnoreConfiguredEndpointUrls == true;
        if (!ignore)
        {
            foreach (var name in (string[])[service.EndpointVariable, "AWS_ENDPOINT_URL"])
                if (Variable(name) is { } url) return new(ParseUrl(url, name), name);
            if (!string.IsNullOrWhiteSpace(_profile?.EndpointUrl)) return new(ParseUrl(_profile.EndpointUrl, $"profile {ProfileName}"), $"profile {ProfileName}");
        }
        var suffix = string.IsNullOrEmpty(Region.PartitionDnsSuffix) ? "amazonaws.com" : Region.PartitionDnsSuffix;
        return new(new Uri($"https://{service.EndpointPrefix}.{Region.SystemName}.{suffix}/"), "default");
    }

    /// <summary>
    /// The SDK credentials object for SDK clients (AmazonS3Client). Resolves on first call under the
    /// session's deadline; the SDK refreshes temporary credentials itself.
    /// </summary>
    public async Task<(AWSCredentials? Credentials, AwsError? Error)> GetCredentialsAsync(CancellationToken ct)
    {
        await _credentialsGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_credentials is not null) return (_credentials, null);
            var found = _options.Profile is not null && _profile is not null
                ? await Task.Run(() => _profile.GetAWSCredentials(new CredentialProfileStoreChain()), ct).WaitAsync(_options.CredentialsTimeout, ct).ConfigureAwait(false)
                : await Task.Run(() => new DefaultAWSCredentialsIdentityResolver().ResolveIdentity(null), ct).WaitAsync(_options.CredentialsTimeout, ct).ConfigureAwait(false);
            // Resolving the keys now makes an expired SSO token or an unreachable metadata service fail here, once.
            var keys = await found.GetCredentialsAsync().WaitAsync(_options.CredentialsTimeout, ct).ConfigureAwait(false);
            if (keys is null || string.IsNullOrEmpty(keys.AccessKey)) return (null, NoCredentials(null));
            _credentials = found;
            return (found, null);
        }
        catch (TimeoutException)
        {
            return (null, new AwsError(AwsErrorKind.MissingCredentials,
                $"AWS credentials could not be resolved within {_options.CredentialsTimeout.TotalSeconds:0} s (SSO, web identity or metadata service did not answer)."));
        }
        catch (Exception e) when (e is AmazonClientException or IOException or UnauthorizedAccessException or InvalidOperationException or HttpRequestException or ArgumentException)
        {
            return (null, NoCredentials(e));
        }
        finally
        {
            _credentialsGate.Release();
        }
    }

    /// <summary>The resolved access key, secret and token for signing. Only for the signer; never print them.</summary>
    public async Task<(ImmutableCredentials? Keys, AwsError? Error)> GetKeysAsync(CancellationToken ct)
    {
        var (credentials, error) = await GetCredentialsAsync(ct).ConfigureAwait(false);
        if (credentials is null) return (null, error);
        try
        {
            return (await credentials.GetCredentialsAsync().WaitAsync(_options.CredentialsTimeout, ct).ConfigureAwait(false), null);
        }
        catch (Exception e) when (e is AmazonClientException or TimeoutException or IOException or HttpRequestException)
        {
            return (null, NoCredentials(e));
        }
    }

    private static AwsError NoCredentials(Exception? e)
    {
        var detail = e?.Message ?? "";
        var expired = detail.Contains("expired", StringComparison.OrdinalIgnoreCase);
        return expired
            ? new AwsError(AwsErrorKind.ExpiredCredentials, "The AWS credentials have expired: refresh them (for SSO: aws sso login) and try again.")
            : new AwsError(AwsErrorKind.MissingCredentials,
                "No AWS credentials were found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or use --profile / AWS_PROFILE with a configured profile.");
    }

    private static Uri ParseUrl(string text, string source) =>
        Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw new AwsException(new AwsError(AwsErrorKind.Rejected, $"The endpoint URL from {source} is not an http(s) URL: '{text}'."));

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value.Trim() : null;

    private static bool IsTrue(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"AWS session (profile {ProfileName}, region {Region.SystemName})";
}
