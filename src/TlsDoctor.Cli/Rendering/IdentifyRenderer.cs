using Spectre.Console;
using TlsDoctor.Negotiation;

namespace TlsDoctor.Cli.Rendering;

/// <summary>Terminal output of identify (and the "Policy:" line of scan).</summary>
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

    /// <summary>One line per match for scan's "Policy:" line.</summary>
    public static IReadOnlyList<string> Summaries(IReadOnlyList<PolicyMatch> matches) =>
        matches.Select(m => m.Exact ? m.Name : $"{m.Name} (nearest; {Difference(m)})").ToList();

    private static string Difference(PolicyMatch m)
    {
        var parts = new List<string>();
        if (m.Missing.Count > 0) parts.Add("not seen: " + string.Join(", ", m.Missing));
        if (m.Extra.Count > 0) parts.Add("extra: " + string.Join(", ", m.Extra));
        return string.Join("; ", parts);
    }
}
