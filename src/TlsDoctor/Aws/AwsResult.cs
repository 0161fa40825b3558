namespace TlsDoctor.Aws;

/// <summary>The value of an AWS entry point, or the one error that stopped it.</summary>
public sealed record AwsResult<T>(T? Value, AwsError? Error)
{
    public bool IsSuccess => Error is null;

    public static AwsResult<T> Success(T value) => new(value, null);
    public static AwsResult<T> Failure(AwsError error) => new(default, error);

    /// <summary>Runs <paramref name="body"/>, turning the <see cref="AwsException"/> it may throw into a failure.</summary>
    public static async Task<AwsResult<T>> Run(Func<Task<T>> body)
    {
        try
        {
            return Success(await body().ConfigureAwait(false));
        }
        catch (AwsException e)
        {
            return Failure(e.Error);
        }
    }
}
