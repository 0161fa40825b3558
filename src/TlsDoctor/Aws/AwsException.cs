namespace TlsDoctor.Aws;

/// <summary>
/// Carries an <see cref="AwsError"/> from deep inside a paginated call to the library entry point, which
/// turns it back into a returned value; it never leaves the Aws namespace's public entry points.
/// </summary>
public sealed class AwsException(AwsError error) : Exception(error.Message)
{
    public AwsError Error { get; } = error;
}
