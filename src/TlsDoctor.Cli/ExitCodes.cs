namespace TlsDoctor.Cli;

/// <summary>The process exit codes documented in docs/exit-codes.md.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Findings = 1;
    public const int Usage = 2;
    public const int Network = 3;
    public const int Internal = 70;
}
