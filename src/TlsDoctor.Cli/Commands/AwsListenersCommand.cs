using System.CommandLine;
using TlsDoctor.Aws;
using TlsDoctor.Cli.Json;
using TlsDoctor.Cli.Rendering;

namespace TlsDoctor.Cli.Commands;

/// <summary>`tlsdoctor aws listeners`: every TLS listener of every load balancer, with its security policy.</summary>
public static class AwsListenersCommand
{
    public static Command Create()
    {
        var aws = new AwsOptions();
        var loadBalancer = new Option<string[]>("--load-balancer") { Description = "Only this load balancer (name or ARN); repeatable" };
        var all = new Option<bool>("--all") { Description = "Also list listeners without TLS (policy null)" };
        var command = new Command("listeners", "Every TLS listener (ALB HTTPS, NLB TLS, Classic HTTPS/SSL) with its security policy, protocols and suites");
        aws.AddTo(command);
        command.Options.Add(loadBalancer);
        command.Options.Add(all);
        command.SetAction(async (parse, ct) =>
        {
            var (source, client, error) = aws.OpenSource(parse);
            using var _ = client;
            if (source is null) return AwsOptions.Fail(parse, error!);
            var result = await AwsInventory.ListenersAsync(source, parse.GetValue(loadBalancer) ?? [], parse.GetValue(all), ct);
            if (!result.IsSuccess) return AwsOptions.Fail(parse, result.Error!);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(aws.Json))
                output.WriteLine(CliJson.Serialize(new AwsJson.ListenerList(result.Value!.Select(AwsJson.From).ToList()), AwsJsonContext.Default.AwsListenerList));
            else AwsRenderer.Listeners(ConsoleFactory.For(output), result.Value!);
            return ExitCodes.Ok;
        });
        return command;
    }
}
