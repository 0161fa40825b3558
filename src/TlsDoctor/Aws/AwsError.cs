namespace TlsDoctor.Aws;

/// <summary>
/// A failed AWS operation, as one sentence for the operator. <see cref="Code"/> is the wire error code when AWS
/// answered with one (match on it, never on a message). Never carries a credential or a signature.
/// </summary>
public sealed record AwsError(AwsErrorKind Kind, string Message, string? Code = null, string? Action = null)
{
    public override string ToString() => Message;
}
