using System.CommandLine;
using TlsDoctor.Cli;

namespace TlsDoctor.Tests.Cli;

/// <summary>
/// A run builds only the command its first argument names (<see cref="CommandLineApp.Build(string?)"/>): each name in
/// the table is the command's own, and a command line with one command parses and answers as the whole one does.
/// </summary>
public class CommandLineAppTests
{
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in CommandLineApp.AllCommands) data.Add(name);
        return data;
    }

    [Fact]
    public void Every_name_is_its_commands_own_and_every_command_is_listed()
    {
        Assert.Equal(CommandLineApp.AllCommands.Select(c => c.Name), CommandLineApp.AllCommands.Select(c => c.Create().Name));
        Assert.Equal(CommandLineApp.AllCommands.Length, CommandLineApp.AllCommands.Select(c => c.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void One_command_alone_answers_as_the_whole_command_line_does(string name)
    {
        var whole = CommandLineApp.Build();
        var alone = CommandLineApp.Build(name);
        Assert.Equal([name], alone.Subcommands.Select(c => c.Name));
        // Its help, each subcommand's help, and a wrong option.
        var paths = new List<string[]> { new[] { name } };
        paths.AddRange(whole.Subcommands.Single(c => c.Name == name).Subcommands.Select(s => new[] { name, s.Name }));
        foreach (var path in paths)
        {
            foreach (var args in new string[][] { [.. path, "--help"], [.. path, "--no-such-option"] })
                Assert.Equal(Answer(whole, args), Answer(alone, args));
        }
    }

    private static string Answer(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        var output = new StringWriter();
        var configuration = new InvocationConfiguration { Output = output, Error = output };
        var errors = string.Join("\n", parse.Errors.Select(e => e.Message));
        if (parse.Errors.Count > 0) return "errors: " + errors;
        parse.Invoke(configuration);
        return output.ToString();
    }
}
