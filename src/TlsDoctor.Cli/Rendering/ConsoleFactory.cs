using Spectre.Console;

namespace TlsDoctor.Cli.Rendering;

/// <summary>Builds the IAnsiConsole renderers write to: colours only when the writer is the real, unredirected terminal.</summary>
public static class ConsoleFactory
{
    public static IAnsiConsole For(TextWriter writer, int? width = null)
    {
        var terminal = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (width is { } w) console.Profile.Width = w;
        else if (!terminal) console.Profile.Width = 160;
        return console;
    }
}
