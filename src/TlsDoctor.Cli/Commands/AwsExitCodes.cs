namespace TlsDoctor.Cli.Commands;

/// <summary>The exit codes of `tlsdoctor aws` failures beyond the common ones (docs/exit-codes.md); endpoint unreachable is 3, bad input 2.</summary>
public static class AwsExitCodes
{
    public const int Credentials = 10;
    public const int AccessDenied = 11;
    public const int NoRegion = 12;
    public const int NotFound = 13;
    public const int Throttled = 14;
    public const int NotConfirmed = 15;
}
