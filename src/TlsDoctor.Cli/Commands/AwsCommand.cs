using System.CommandLine;

namespace TlsDoctor.Cli.Commands;

/// <summary>`tlsdoctor aws`: the listeners' real policies, the TLS error metrics and a safe policy change, through the AWS APIs (docs/aws.md).</summary>
public static class AwsCommand
{
    public static Command Create()
    {
        var command = new Command("aws", "Load-balancer listeners, their security policies and TLS error metrics, read from AWS; change a listener's policy safely");
        command.Subcommands.Add(AwsListenersCommand.Create());
        command.Subcommands.Add(AwsMetricsCommand.Create());
        command.Subcommands.Add(AwsPoliciesCommand.Create());
        command.Subcommands.Add(AwsSetPolicyCommand.Create());
        command.Subcommands.Add(AwsAuditCommand.Create());
        return command;
    }
}
