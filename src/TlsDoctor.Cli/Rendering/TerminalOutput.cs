using System.Text;
using Spectre.Console;

namespace TlsDoctor.Cli.Rendering;

/// <summary>
/// Spectre.Console's output over a writer, with the width decided by <see cref="ConsoleFactory"/>: Spectre's own
/// output asks the Console for its buffer width even when redirected, which sets the terminal's keypad mode.
/// </summary>
internal sealed class TerminalOutput(TextWriter writer, int width, bool isTerminal) : IAnsiConsoleOutput
{
    public TextWriter Writer => writer;
    public bool IsTerminal => isTerminal;
    public int Width => width;
    public int Height => 24;

    // The writer's encoding is UTF-8 already (Terminal) or a test's string writer: nothing to switch.
    public void SetEncoding(Encoding encoding) { }
}
