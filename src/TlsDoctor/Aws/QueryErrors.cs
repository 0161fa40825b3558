namespace TlsDoctor.Aws;

/// <summary>
/// What a Query-API error code means to this tool. Codes, not messages, decide (messages are illustrative and
/// change). Lists from the ELB API's common errors and botocore's standard retry mode
/// (../shared/reference/aws/api-shapes.md §0.3).
/// </summary>
public static class QueryErrors
{
    private static readonly HashSet<string> ThrottlingCodes =
    [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException",
    ];

    private static readonly HashSet<string> TransientCodes = ["RequestTimeout", "RequestTimeoutException", "InternalFailure", "InternalError", "ServiceUnavailable"];

    private static readonly HashSet<string> CredentialCodes =
    [
        "ExpiredToken", "ExpiredTokenException", "RequestExpired", "InvalidClientTokenId", "UnrecognizedClientException",
        "SignatureDoesNotMatch", "IncompleteSignature", "MissingAuthenticationToken", "InvalidAccessKeyId", "AuthFailure",
        "InvalidSignatureException", "MissingAuthenticationTokenException",
    ];

    private static readonly HashSet<string> AccessCodes = ["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "OptInRequired"];

    private static readonly HashSet<string> NotFoundCodes =
    [
        "LoadBalancerNotFound", "ListenerNotFound", "SSLPolicyNotFound", "PolicyNotFound", "PolicyTypeNotFound",
        "CertificateNotFound", "AccessPointNotFound", "ResourceNotFound", "ResourceNotFoundException",
    ];

    /// <summary>True when the call may succeed if repeated later (throttling, transient server faults).</summary>
    public static bool IsRetryable(int status, string? code) =>
        code is not null && (ThrottlingCodes.Contains(code) || TransientCodes.Contains(code))
        || status is 500 or 502 or 503 or 504 or 429;

    public static bool IsThrottling(int status, string? code) => code is not null && ThrottlingCodes.Contains(code) || status == 429;

    /// <summary>One sentence for an error AWS answered with (after retries for the retryable ones).</summary>
    public static AwsError Describe(AwsService service, string action, int status, string? code, string? message, int attempts)
    {
        var iamAction = $"{service.IamPrefix}:{action}";
        var detail = Clean(message);
        if (code is not null && AccessCodes.Contains(code) || code is null && status == 403)
            return new AwsError(AwsErrorKind.AccessDenied,
                $"AWS denied {iamAction} to these credentials ({code ?? "HTTP 403"}): allow {iamAction} in their IAM policy (docs/aws.md lists each command's minimal policy).",
                code, iamAction);
        if (code is not null && CredentialCodes.Contains(code))
            return new AwsError(AwsErrorKind.ExpiredCredentials,
                code is "ExpiredToken" or "ExpiredTokenException" or "RequestExpired"
                    ? $"AWS rejected the credentials as expired ({code}) calling {action}: refresh them (for SSO: aws sso login) and try again."
                    : $"AWS rejected the credentials ({code}) calling {action}: check the access key, secret and session token in use.",
                code, iamAction);
        if (code is not null && NotFoundCodes.Contains(code))
            return new AwsError(AwsErrorKind.NotFound, $"{service.ServiceId} {action}: {code}{(detail is null ? "" : $": {detail}")}", code, iamAction);
        if (IsThrottling(status, code))
            return new AwsError(AwsErrorKind.Throttled,
                $"AWS kept throttling {action} ({code ?? $"HTTP {status}"}) through {attempts} attempts: wait a minute, or raise the account's API rate limits, and try again.",
                code, iamAction);
        if (IsRetryable(status, code))
            return new AwsError(AwsErrorKind.Unreachable,
                $"{service.ServiceId} failed {action} with {code ?? $"HTTP {status}"} on each of {attempts} attempts: the service is unavailable; try again later.", code, iamAction);
        return new AwsError(AwsErrorKind.Rejected,
            $"{service.ServiceId} rejected {action}: {code ?? $"HTTP {status}"}{(detail is null ? "" : $": {detail}")}", code, iamAction);
    }

    /// <summary>A message from the network is shown as one line of bounded length, without control characters.</summary>
    public static string? Clean(string? message)
    {
        if (string.IsNullOrWhiteSpace(message)) return null;
        var chars = message.Trim().Select(c => char.IsControl(c) ? ' ' : c).Take(300).ToArray();
        return new string(chars) + (message.Trim().Length > 300 ? "…" : "");
    }
}
