using Spectre.Console;
using TlsDoctor.Cli.Json;
using TlsDoctor.Negotiation;

namespace TlsDoctor.Cli.Rendering;

/// <summary>Terminal output of recommend: the stricter policies summarised per client, each one listed with --verbose.</summary>
public static class RecommendationRenderer
{
    /// <summary>Per client, how many of the other policies refuse it and why (reason codes with counts), then the closest one in full.</summary>
    private static void RenderBreaksSummary(IAnsiConsole console, Recommendation r)
    {
        console.WriteLine();
        console.MarkupLine(r.Policy is null
            ? $"[bold]No policy accepts every client[/] [grey]({r.Breaks.Count} policies compared; --verbose lists each)[/]"
            : $"[bold]{r.Breaks.Count} stricter polic{(r.Breaks.Count == 1 ? "y" : "ies")} would refuse a client[/] [grey](--verbose lists each)[/]");
        var refusals = r.Breaks.SelectMany(b => b.Refused.Select(v => (b.Policy, v.Client, Refused: v.Outcome as NegotiationOutcome.Refused)))
            .Where(x => x.Refused is not null).ToList();
        foreach (var client in refusals.GroupBy(x => x.Client))
        {
            var reasons = client.GroupBy(x => x.Refused!.Reason.Code()).OrderByDescending(g => g.Count())
                .Select(g => $"{g.Key} ×{g.Count()}");
            console.MarkupLine($"  [red]✗[/] {Markup.Escape(client.Key)}: refused by {client.Count()} [grey]({Markup.Escape(string.Join(", ", reasons))})[/]");
        }
        // The last stricter policy is the one closest to the recommendation: what it breaks is what moving one step costs.
        if (r.Policy is not null && r.Breaks[^1] is var closest)
        {
            console.MarkupLine($"  the closest stricter policy, {Markup.Escape(closest.Policy.Name)}, would break:");
            foreach (var v in closest.Refused)
                if (v.Outcome is NegotiationOutcome.Refused x)
                    console.MarkupLine($"    [red]✗[/] {Markup.Escape(v.Client)}: [red]{x.Reason.Code()}[/] [grey]{Markup.Escape(x.Explanation)}[/]");
        }
    }

    /// <summary>`recommend --lb clb`: the minimal custom policy, beside the predefined recommendation.</summary>
    public static void RenderClbCustom(IAnsiConsole console, Policies.ClbCustomPolicyResult custom, ServerPolicy? predefined)
    {
        console.WriteLine();
        console.MarkupLine("[bold]Classic custom policy[/] [grey](Classic Load Balancers only: the strictest predefined policy plus only what these clients need)[/]");
        console.MarkupLine(custom.Added.Count == 0
            ? $"  {Markup.Escape(custom.Reference)} already admits every client: no custom policy is needed."
            : $"  {Markup.Escape(custom.Reference)} + {Markup.Escape(string.Join(", ", custom.Added))}");
        if (custom.Added.Count == 0) return;
        console.MarkupLine($"  protocols {Markup.Escape(string.Join(", ", custom.Policy.Versions.Order().Select(v => v.AwsName)))}, {custom.Policy.CipherSuites.Count} suites"
            + (predefined is null ? "" : $" [grey](the predefined {Markup.Escape(predefined.Name)} has {predefined.CipherSuites.Count})[/]"));
        if (!custom.AdmitsAll) console.MarkupLine($"  [red]still refused:[/] {Markup.Escape(string.Join(", ", custom.Refused))}");
        console.MarkupLine("  [bold]Apply[/] (or: tlsdoctor aws set-policy --listener LOAD_BALANCER_NAME:443 --custom SPEC):");
        foreach (var c in custom.Commands) console.WriteLine("    " + c);
        console.WriteLine("    SPEC: " + custom.Spec);
    }

    public static void Render(IAnsiConsole console, Recommendation r, bool verbose = false)
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
        if (r.Breaks.Count > 0 && !verbose) RenderBreaksSummary(console, r);
        else if (r.Breaks.Count > 0)
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
