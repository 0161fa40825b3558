namespace TlsDoctor.Aws;

/// <summary>
/// What the command line says about the AWS session, as the AWS CLI's global options do: each is null when the
/// option was not given, and the SDK's chains (environment, shared files, metadata) decide.
/// </summary>
public sealed record AwsSessionOptions(string? Profile = null, string? Region = null, string? EndpointUrl = null)
{
    /// <summary>Deadline for resolving credentials (SSO, web identity, container and instance metadata are network calls).</summary>
    public TimeSpan CredentialsTimeout { get; init; } = TimeSpan.FromSeconds(20);
}
