using Spectre.Console;
using TlsDoctor.Cli.Json;
using TlsDoctor.Negotiation;

namespace TlsDoctor.Cli.Rendering;

/// <summary>Terminal output of recommend.</summary>
public static class RecommendationRenderer
{
    public static void Render(IAnsiConsole console, Recommendation r)
    {
        if (r.Policy is null)
            console.MarkupLine($"[red]✗ No {r.LoadBalancer} policy accepts every client.[/]");
        else
        {
            console.MarkupLine($"[bold]Recommended {r.LoadBalancer} policy[/]  [green]{Markup.Escape(r.Policy.Name)}[/]");
            foreach (var w in r.Why) console.MarkupLine($"  • {Markup.Escape(w)}");
            console.WriteLine();
            console.MarkupLine("[bold]Clients[/]");
            foreach (var v in r.Outcomes)
                if (v.Outcome is NegotiationOutcome.Agreed a)
                    console.MarkupLine($"  [green]✓[/] {Markup.Escape(v.Client)}  [grey]{a.Version.Name} {Markup.Escape(NegotiationJson.SuiteName(a.Suite))}[/]");
        }
        if (r.Breaks.Count > 0)
        {
            console.WriteLine();
            console.MarkupLine(r.Policy is null ? "[bold]What each policy refuses[/]" : "[bold]Stricter policies and what they would break[/] [grey](most secure first)[/]");
            foreach (var b in r.Breaks)
            {
                console.MarkupLine($"  {Markup.Escape(b.Policy.Name)}");
                foreach (var v in b.Refused)
                    if (v.Outcome is NegotiationOutcome.Refused x)
                        console.MarkupLine($"    [red]✗[/] {Markup.Escape(v.Client)}: [red]{x.Reason.Code()}[/] [grey]{Markup.Escape(x.Explanation)}[/]");
            }
        }
        if (r.LeastChange is { } least)
        {
            console.WriteLine();
            console.MarkupLine($"[bold]Least change from {Markup.Escape(r.Current!.Name)}[/]  [green]{Markup.Escape(least.Policy.Name)}[/]");
            foreach (var c in least.Changes) console.MarkupLine($"  • {Markup.Escape(c)}");
            foreach (var c in least.Commands) console.WriteLine("  " + c);
        }
        if (r.Commands.Count > 0)
        {
            console.WriteLine();
            console.MarkupLine("[bold]Apply it[/]");
            foreach (var c in r.Commands) console.WriteLine("  " + c);
        }
    }
}
