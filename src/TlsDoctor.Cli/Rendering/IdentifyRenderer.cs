using Spectre.Console;
using TlsDoctor.Negotiation;

namespace TlsDoctor.Cli.Rendering;

/// <summary>Terminal output of identify.</summary>
public static class IdentifyRenderer
{
    public static void Render(IAnsiConsole console, IReadOnlyList<PolicyMatch> matches)
    {
        if (matches.Count == 0) { console.MarkupLine("[yellow]No catalog policy to compare with.[/]"); return; }
        if (matches[0].Exact)
        {
            console.MarkupLine(matches.Count == 1
                ? "[bold]Policy[/] [green]exact match[/]"
                : $"[bold]Policy[/] [green]exact match[/]: {matches.Count} policies are indistinguishable from outside");
            foreach (var m in matches) console.MarkupLine($"  [green]{Markup.Escape(m.Name)}[/] [grey]({Markup.Escape(m.Provider)})[/]");
            return;
        }
        console.MarkupLine("[bold]Policy[/] [yellow]no exact match[/]; nearest:");
        foreach (var m in matches)
        {
            console.MarkupLine($"  [yellow]{Markup.Escape(m.Name)}[/] [grey]({Markup.Escape(m.Provider)})[/]");
            if (m.Missing.Count > 0) console.MarkupLine($"    not seen: {Markup.Escape(string.Join(", ", m.Missing))}");
            if (m.Extra.Count > 0) console.MarkupLine($"    seen but not in the policy: {Markup.Escape(string.Join(", ", m.Extra))}");
        }
    }
}
