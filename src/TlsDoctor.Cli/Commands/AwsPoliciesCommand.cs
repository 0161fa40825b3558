using System.CommandLine;
using TlsDoctor.Aws;
using TlsDoctor.Cli.Json;
using TlsDoctor.Cli.Rendering;

namespace TlsDoctor.Cli.Commands;

/// <summary>`tlsdoctor aws policies`: DescribeSSLPolicies compared with the catalog.</summary>
public static class AwsPoliciesCommand
{
    public static Command Create()
    {
        var aws = new AwsOptions();
        var command = new Command("policies", "The security policies AWS offers today, compared with the catalog: new policies and differing contents");
        aws.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var (source, client, error) = aws.OpenSource(parse);
            using var _ = client;
            if (source is null) return AwsOptions.Fail(parse, error!);
            var result = await AwsPolicyComparison.CompareAsync(source, ct);
            if (!result.IsSuccess) return AwsOptions.Fail(parse, result.Error!);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(aws.Json))
                output.WriteLine(CliJson.Serialize(new AwsJson.PolicyList(result.Value!.Select(c => new AwsJson.Policy(c.Name, c.InCatalog, c.Differences)).ToList()),
                    AwsJsonContext.Default.AwsPolicyList));
            else AwsRenderer.Policies(ConsoleFactory.For(output), result.Value!);
            return ExitCodes.Ok;
        });
        return command;
    }
}
