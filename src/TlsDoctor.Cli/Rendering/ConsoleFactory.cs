using Spectre.Console;

namespace TlsDoctor.Cli.Rendering;

/// <summary>
/// The one way renderers get their IAnsiConsole: colours only on a terminal without NO_COLOR, the terminal's width
/// there, and a fixed width when the output is redirected or captured (there is no width to follow).
/// </summary>
public static class ConsoleFactory
{
    /// <summary>The width of redirected output unless a renderer asks for another.</summary>
    public const int RedirectedWidth = 160;

    /// <param name="redirectedWidth">Width when not a terminal: wide tables (ciphers, capture lines) ask for more so they never wrap.</param>
    public static IAnsiConsole For(TextWriter writer, int redirectedWidth = RedirectedWidth)
    {
        var colour = Terminal.UsesColour(writer);
        var width = Terminal.Width(writer) ?? redirectedWidth;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new TerminalOutput(writer, width, Terminal.IsTerminal(writer)),
            Ansi = colour ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        return console;
    }
}
