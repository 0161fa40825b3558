namespace TlsDoctor.Emulator;

/// <summary>The stable kebab-case codes of <see cref="ConnectionOutcome"/> used in the log and in JSON.</summary>
public static class ConnectionOutcomes
{
    public static string Code(this ConnectionOutcome outcome) => outcome switch
    {
        ConnectionOutcome.Success => "success",
        ConnectionOutcome.Refused => "refused",
        ConnectionOutcome.HelloOnly => "hello-only",
        ConnectionOutcome.ClientAlert => "client-alert",
        ConnectionOutcome.ClientClosed => "client-closed",
        ConnectionOutcome.Timeout => "timeout",
        ConnectionOutcome.NotTls => "not-tls",
        ConnectionOutcome.BackendUnavailable => "backend-unavailable",
        ConnectionOutcome.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
