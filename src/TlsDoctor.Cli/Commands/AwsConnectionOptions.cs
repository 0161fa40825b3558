using System.CommandLine;
using TlsDoctor.Aws;
using TlsDoctor.Logs;

namespace TlsDoctor.Cli.Commands;

/// <summary>
/// The AWS CLI's connection options, declared once for every command that reaches AWS (aws …, logs with s3://, report
/// and diagnose with --listener): --profile, --region, --endpoint-url, resolved by <see cref="AwsSession"/>.
/// </summary>
public sealed class AwsConnectionOptions
{
    public Option<string?> Profile { get; } = new("--profile") { Description = "AWS profile from the shared config/credentials files (default: AWS_PROFILE, else 'default')" };
    public Option<string?> Region { get; } = new("--region") { Description = "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region)" };
    public Option<string?> EndpointUrl { get; } = new("--endpoint-url") { Description = "Send every AWS request to this URL (private endpoint, local emulator, S3-compatible server); also AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>" };

    public IReadOnlyList<Option> All => [Profile, Region, EndpointUrl];

    public void AddTo(Command command)
    {
        foreach (var o in All) command.Options.Add(o);
    }

    public AwsSessionOptions SessionOptions(ParseResult parse) => new(parse.GetValue(Profile), parse.GetValue(Region), parse.GetValue(EndpointUrl));

    /// <summary>Lists an s3:// log location with this connection (the lister LogInputs.Resolve takes).</summary>
    public LogInputResolution ListS3(ParseResult parse, string url, LogDateRange range)
    {
        var (session, sessionError) = AwsSession.Resolve(SessionOptions(parse));
        if (session is null) return LogInputResolution.ServiceFailure(sessionError!);
        try
        {
            var (client, clientError) = S3LogInputs.CreateClientAsync(session, CancellationToken.None).GetAwaiter().GetResult();
            if (client is null) return LogInputResolution.ServiceFailure(clientError!);
            return S3LogInputs.List(client, url, range);
        }
        catch (AwsException e)
        {
            return LogInputResolution.ServiceFailure(e.Error);
        }
    }

    /// <summary>
    /// The --logs paths of diagnose, report and set-policy (files, folders, s3://): standard input is refused, since
    /// these commands read the logs more than once. Null sources with the exit code after the error was written.
    /// </summary>
    public (IReadOnlyList<LogSource> Sources, int? Exit) ResolveLogs(ParseResult parse, IReadOnlyList<string> paths)
    {
        if (paths.Count == 0) return ([], null);
        if (paths.Contains(Io.BoundedInput.StandardInput)) throw new UsageException("--logs reads files, folders and s3:// locations, not '-' (standard input)");
        var resolved = LogInputs.Resolve(paths, LogDateRange.All, Console.OpenStandardInput, (url, range) => ListS3(parse, url, range));
        if (resolved.IsSuccess) return (resolved.Sources, null);
        if (!resolved.IsServiceFailure) throw new UsageException(resolved.Error);
        parse.InvocationConfiguration.Error.WriteLine($"error: {resolved.Error}");
        return ([], AwsOptions.ExitCode(resolved.AwsKind!.Value));
    }
}
