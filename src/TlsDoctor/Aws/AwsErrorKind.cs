namespace TlsDoctor.Aws;

/// <summary>The closed set of ways an AWS call can fail, each with its own exit code in docs/exit-codes.md.</summary>
public enum AwsErrorKind
{
    /// <summary>No credentials anywhere the AWS CLI looks, or an unknown --profile.</summary>
    MissingCredentials,
    /// <summary>Credentials were found but AWS refuses them (expired token, unknown key, bad signature).</summary>
    ExpiredCredentials,
    /// <summary>No region from --region, the environment, the profile or instance metadata.</summary>
    NoRegion,
    /// <summary>IAM denied the call; the message names the action.</summary>
    AccessDenied,
    /// <summary>An unknown load balancer, listener or policy.</summary>
    NotFound,
    /// <summary>Still throttled after every retry.</summary>
    Throttled,
    /// <summary>The endpoint could not be reached, timed out, or answered with something that is not the API.</summary>
    Unreachable,
    /// <summary>AWS rejected the request's content (ValidationError, InvalidConfigurationRequest, ...).</summary>
    Rejected,
    /// <summary>A --from-file input is missing, unreadable or not the AWS CLI's output.</summary>
    BadInput,
}
