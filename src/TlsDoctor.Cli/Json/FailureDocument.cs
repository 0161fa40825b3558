using TlsDoctor.Scanning;

namespace TlsDoctor.Cli.Json;

/// <summary>
/// `--json` of diagnose and identify when the endpoint could not be examined: <see cref="Failure"/> is the same
/// object scan --json writes in its "failure" member (kind, message, and the kind's fields), absent when the cause
/// was not a network failure; <see cref="Message"/> is the sentence the text output prints.
/// </summary>
public sealed record FailureDocument(string Schema, string Command, string Target, ProbeFailure? Failure, string Message)
{
    public const string CurrentSchema = "tlsdoctor.failure/1";
}
