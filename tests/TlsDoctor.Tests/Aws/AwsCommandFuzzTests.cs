using System.CommandLine;
using TlsDoctor.Cli;
using TlsDoctor.Cli.Commands;

namespace TlsDoctor.Tests.Aws;

/// <summary>
/// Every `tlsdoctor aws` command with random and oversized arguments against the local endpoint: bad input is exit 2,
/// an AWS failure its documented code, never 70, never a stack trace. Seeded per command.
/// </summary>
[Collection(AwsEnvironmentCollection.Name)]
public sealed class AwsCommandFuzzTests
{
    private static readonly string[] Values =
    [
        "", " ", "-", "0", "-1", "1", "65536", "NaN", "1e10", "abc", "us-west-2", "eu-xx-9", "my-load-balancer", "my-load-balancer:443",
        "my-classic-lb:443", "my-load-balancer:0", "my-load-balancer:99999", ":443", "arn:aws:elasticloadbalancing:x", AwsScenario.AlbHttpsListenerArn,
        "ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-FS-1-2-Res-2020-10", "24h", "7d", "0h", "2026-12-01T00:00:00Z",
        "3000-01-01", "1m", "90s", "/dev/zero", "/dev/null", "/tmp", "/nonexistent/file", "é", "\u0000", "%s%n", new string('a', 300), new string('7', 5000),
    ];

    private static readonly HashSet<string> Fixed = ["--endpoint-url", "--help", "--capture", "--client-hello"];

    public static IEnumerable<object[]> Commands() =>
        CommandLineApp.Build().Subcommands.Single(c => c.Name == "aws").Subcommands.Select(c => new object[] { c.Name });

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task RandomArgumentsGiveADocumentedExit(string name)
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        var command = CommandLineApp.Build().Subcommands.Single(c => c.Name == "aws").Subcommands.Single(c => c.Name == name);
        var options = command.Options.Where(o => !Fixed.Contains(o.Name)).ToArray();
        var random = new Random(name.GetHashCode(StringComparison.Ordinal) & 0x7fff ^ 20261206);
        int[] documented = [ExitCodes.Ok, ExitCodes.Findings, ExitCodes.Usage, ExitCodes.Network, AwsExitCodes.Credentials, AwsExitCodes.AccessDenied,
            AwsExitCodes.NoRegion, AwsExitCodes.NotFound, AwsExitCodes.Throttled, AwsExitCodes.NotConfirmed];
        for (var round = 0; round < 25; round++)
        {
            var args = new List<string> { "aws", name };
            for (var i = random.Next(0, 5); i > 0; i--)
            {
                var option = options[random.Next(options.Length)];
                args.Add(option.Name);
                if (option.ValueType != typeof(bool)) args.Add(Values[random.Next(Values.Length)]);
            }
            var (exit, _, error) = CliRunner.Run([.. args]);
            var shown = string.Join(' ', args.Select(a => a.Length > 40 ? $"<{a.Length} chars>" : $"'{a}'"));
            Assert.True(documented.Contains(exit), $"exit {exit} for {shown}: {error}");
            Assert.DoesNotContain("   at ", error);
            Assert.DoesNotContain(" { ", error);
        }
    }

    /// <summary>`diagnose --listener … --no-scan` (nothing sent to a load balancer) with random AWS-side arguments.</summary>
    [Fact]
    public async Task DiagnoseListenerRandomArgumentsGiveADocumentedExit()
    {
        await using var server = AwsScenario.Start();
        using var env = AwsScenario.Environment(server);
        string[] options = ["--region", "--profile", "--from-file", "--cert-type", "--client", "--lb", "--json", "--verbose"];
        var random = new Random(20261206);
        int[] documented = [ExitCodes.Ok, ExitCodes.Findings, ExitCodes.Usage, ExitCodes.Network, AwsExitCodes.Credentials, AwsExitCodes.AccessDenied,
            AwsExitCodes.NoRegion, AwsExitCodes.NotFound, AwsExitCodes.Throttled];
        for (var round = 0; round < 40; round++)
        {
            var args = new List<string> { "diagnose", "--no-scan", "--listener", Values[random.Next(Values.Length)] };
            for (var i = random.Next(0, 3); i > 0; i--)
            {
                var option = options[random.Next(options.Length)];
                args.Add(option);
                if (option is not ("--json" or "--verbose")) args.Add(Values[random.Next(Values.Length)]);
            }
            var (exit, _, error) = CliRunner.Run([.. args]);
            var shown = string.Join(' ', args.Select(a => a.Length > 40 ? $"<{a.Length} chars>" : $"'{a}'"));
            Assert.True(documented.Contains(exit), $"exit {exit} for {shown}: {error}");
            Assert.DoesNotContain("   at ", error);
            Assert.DoesNotContain(" { ", error);
        }
        // --no-scan: the load balancers' DNS names were never contacted; only the local AWS endpoint was.
        Assert.NotEmpty(server.Requests);
    }
}
