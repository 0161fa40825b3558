using System.CommandLine;
using TlsDoctor.Cli;

namespace TlsDoctor.Tests.Aws;

/// <summary>Every command that reaches AWS declares the same --profile, --region and --endpoint-url (one option set).</summary>
public sealed class AwsConnectionOptionsTests
{
    public static IEnumerable<object[]> Commands() =>
    [
        ["aws listeners"], ["aws metrics"], ["aws policies"], ["aws set-policy"], ["aws audit"],
        ["logs summary"], ["logs what-if"], ["report"], ["diagnose"],
    ];

    [Theory]
    [MemberData(nameof(Commands))]
    public void TheConnectionOptionsAreTheSharedSet(string path)
    {
        Command command = CommandLineApp.Build();
        foreach (var name in path.Split(' ')) command = command.Subcommands.Single(c => c.Name == name);
        var shared = new TlsDoctor.Cli.Commands.AwsConnectionOptions();
        foreach (var expected in shared.All)
        {
            var option = Assert.Single(command.Options, o => o.Name == expected.Name);
            Assert.Equal(expected.Description, option.Description);
            Assert.Equal(expected.ValueType, option.ValueType);
        }
    }
}
