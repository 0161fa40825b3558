using Spectre.Console;

namespace TlsDoctor.Cli.Rendering;

/// <summary>The console the policies and clients renderers write to: colours only on an interactive terminal, a fixed width otherwise.</summary>
internal static class CatalogConsole
{
    public const int RedirectedWidth = 160;

    public static IAnsiConsole For(TextWriter writer)
    {
        var terminal = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!terminal) console.Profile.Width = RedirectedWidth;
        return console;
    }
}
