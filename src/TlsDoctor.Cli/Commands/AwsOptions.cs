using System.CommandLine;
using TlsDoctor.Aws;

namespace TlsDoctor.Cli.Commands;

/// <summary>
/// The options every `tlsdoctor aws` command shares: the AWS CLI's --profile, --region, --endpoint-url, plus
/// --from-file (reading commands), --json and --verbose. <see cref="OpenSource"/> gives the one place facts come from.
/// </summary>
public sealed class AwsOptions(bool reads = true)
{
    /// <summary>--profile, --region, --endpoint-url: the set every AWS-reaching command shares.</summary>
    public AwsConnectionOptions Connection { get; } = new();
    public Option<string?> Profile => Connection.Profile;
    public Option<string?> Region => Connection.Region;
    public Option<string?> EndpointUrl => Connection.EndpointUrl;
    public Option<string[]> FromFile { get; } = new("--from-file") { Description = "Read JSON saved from the AWS CLI instead of calling AWS (repeatable; see docs/aws.md for the commands)" };
    public Option<bool> Json { get; } = new("--json") { Description = "JSON output" };
    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Trace each AWS request (endpoint, action, status, time) to stderr; never keys, tokens or signatures" };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Profile, Region, EndpointUrl, Json, Verbose }) command.Options.Add(o);
        if (reads) command.Options.Add(FromFile);
    }

    /// <summary>The saved files when --from-file is given, else the live APIs (resolving the session now).</summary>
    public (IAwsSource? Source, QueryClient? Client, AwsError? Error) OpenSource(ParseResult parse)
    {
        var files = reads ? parse.GetValue(FromFile) ?? [] : [];
        if (files.Length > 0)
        {
            var loaded = AwsFileSource.Load(files);
            return (loaded.Value, null, loaded.Error);
        }
        var (client, error) = OpenClient(parse);
        return (client is null ? null : new AwsLiveSource(client), client, error);
    }

    public (QueryClient? Client, AwsError? Error) OpenClient(ParseResult parse)
    {
        var stderr = parse.InvocationConfiguration.Error;
        var verbose = parse.GetValue(Verbose);
        var (session, error) = AwsSession.Resolve(Connection.SessionOptions(parse));
        if (session is null) return (null, error);
        if (verbose)
        {
            stderr.WriteLine($"aws: profile {session.ProfileName}, region {session.Region.SystemName} (from {session.RegionSource})");
            try
            {
                foreach (var service in (AwsService[])[AwsService.ElasticLoadBalancingV2, AwsService.ElasticLoadBalancing, AwsService.CloudWatch, AwsService.CertificateManager])
                {
                    var endpoint = session.EndpointFor(service);
                    stderr.WriteLine($"aws: {service.ServiceId} endpoint {endpoint.Url} (from {endpoint.Source})");
                }
            }
            catch (AwsException e)
            {
                return (null, e.Error);
            }
        }
        var options = new QueryClientOptions { Trace = verbose ? line => { lock (stderr) stderr.WriteLine(line); } : null };
        return (new QueryClient(session, options), null);
    }

    /// <summary>
    /// Writes the error as one sentence and returns its documented exit code (docs/exit-codes.md).
    /// </summary>
    public static int Fail(ParseResult parse, AwsError error)
    {
        parse.InvocationConfiguration.Error.WriteLine($"error: {error.Message}");
        return ExitCode(error.Kind);
    }

    public static int ExitCode(AwsErrorKind kind) => kind switch
    {
        AwsErrorKind.MissingCredentials or AwsErrorKind.ExpiredCredentials => AwsExitCodes.Credentials,
        AwsErrorKind.AccessDenied => AwsExitCodes.AccessDenied,
        AwsErrorKind.NoRegion => AwsExitCodes.NoRegion,
        AwsErrorKind.NotFound => AwsExitCodes.NotFound,
        AwsErrorKind.Throttled => AwsExitCodes.Throttled,
        AwsErrorKind.Unreachable => ExitCodes.Network,
        _ => ExitCodes.Usage,
    };
}
