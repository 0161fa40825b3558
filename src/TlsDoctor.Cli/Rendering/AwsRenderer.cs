using Spectre.Console;
using TlsDoctor.Aws;
using TlsDoctor.Diagnosis;
using TlsDoctor.Negotiation;

namespace TlsDoctor.Cli.Rendering;

/// <summary>Terminal output of the `tlsdoctor aws` commands.</summary>
public static class AwsRenderer
{
    public static void Listeners(IAnsiConsole console, IReadOnlyList<AwsTlsListener> listeners)
    {
        if (listeners.Count == 0)
        {
            console.MarkupLine("[grey]No TLS listeners in this region.[/]");
            return;
        }
        var table = new Table().Border(TableBorder.Simple);
        foreach (var h in new[] { "Load balancer", "Type", "Port", "Protocol", "Policy", "Protocols", "Certificates" }) table.AddColumn(h);
        foreach (var l in listeners)
        {
            var policy = l.PolicyName is null ? "[grey]-[/]"
                : l.PolicyKnown ? Markup.Escape(l.PolicyName)
                : l.ClassicPolicy is not null ? $"{Markup.Escape(l.PolicyName)} [yellow](custom{(l.ClassicPolicy.Reference is { } r ? $", from {Markup.Escape(r)}" : "")})[/]"
                : $"{Markup.Escape(l.PolicyName)} [yellow](not in catalog)[/]";
            var protocols = l.Policy is null ? "[grey]-[/]" : string.Join(" ", l.Policy.Versions.Order().Select(v => v.AwsName));
            table.AddRow(Markup.Escape(l.LoadBalancer), l.Type, l.Port.ToString(), l.Protocol, policy, protocols, l.Certificates.Count.ToString());
        }
        console.Write(table);
    }

    public static void Metrics(IAnsiConsole console, IReadOnlyList<AwsMetricReport> metrics, DateTimeOffset start, DateTimeOffset end, TimeSpan period)
    {
        if (metrics.Count == 0)
        {
            console.MarkupLine("[grey]No Application or Network Load Balancers in this region.[/]");
            return;
        }
        console.MarkupLine($"[grey]{AwsJsonTime(start)} → {AwsJsonTime(end)}, Sum per {Period(period)}[/]");
        foreach (var group in metrics.GroupBy(m => m.LoadBalancer))
        {
            console.MarkupLine($"[bold]{Markup.Escape(group.Key)}[/] [grey]({group.First().Type})[/]");
            foreach (var m in group)
            {
                var colour = m.Total > 0 && m.Metric.StartsWith("Client", StringComparison.Ordinal) ? "red" : "default";
                var spark = Sparkline(m.Datapoints, start, end, period, Math.Max(10, Math.Min(60, console.Profile.Width - 60)));
                var peak = m.Peak is { } p ? $"peak {p.Value:0} at {AwsJsonTime(p.Time)}" : "no errors";
                console.MarkupLine($"  {m.Metric,-32} [{colour}]{m.Total,8:0}[/]  {spark}  [grey]{peak}[/]");
            }
        }
    }

    /// <summary>One character per bucket of the window (periods merged when there are more than <paramref name="width"/>), ▁ to █ by value.</summary>
    public static string Sparkline(IReadOnlyList<AwsDatapoint> points, DateTimeOffset start, DateTimeOffset end, TimeSpan period, int width)
    {
        const string bars = "▁▂▃▄▅▆▇█";
        var periods = Math.Max(1, (int)Math.Ceiling((end - start) / period));
        var buckets = Math.Min(width, periods);
        var sums = new double[buckets];
        foreach (var p in points)
        {
            var index = (int)((p.Time - start) / period) * buckets / periods;
            sums[Math.Clamp(index, 0, buckets - 1)] += p.Value;
        }
        var max = sums.Max();
        return new string(sums.Select(v => v <= 0 ? ' ' : bars[(int)Math.Round(v / max * (bars.Length - 1))]).ToArray()).Replace(' ', '·');
    }

    public static void Policies(IAnsiConsole console, IReadOnlyList<AwsPolicyCheck> checks)
    {
        var missing = checks.Where(c => !c.InCatalog).ToList();
        var differing = checks.Where(c => c.InCatalog && c.Differences.Count > 0).ToList();
        console.MarkupLine($"{checks.Count} policies from AWS: {checks.Count - missing.Count - differing.Count} as in the catalog, [yellow]{differing.Count} differ[/], [yellow]{missing.Count} not in the catalog[/]");
        foreach (var c in missing) console.MarkupLine($"  [yellow]new[/]  {Markup.Escape(c.Name)} [grey]({string.Join(", ", c.SupportedLoadBalancerTypes)})[/]");
        foreach (var c in differing)
        {
            console.MarkupLine($"  [yellow]diff[/] {Markup.Escape(c.Name)}");
            foreach (var d in c.Differences) console.MarkupLine($"         {Markup.Escape(d)}");
        }
    }

    public static void Impact(IAnsiConsole console, AwsTlsListener listener, ListenerPolicyImpact impact)
    {
        console.MarkupLine($"[bold]{Markup.Escape(listener.LoadBalancer)}[/] {listener.Protocol} {listener.Port} [grey]({listener.Type})[/]");
        console.MarkupLine($"  policy {Markup.Escape(listener.PolicyName ?? "-")} → [bold]{Markup.Escape(impact.New.Name)}[/]  [grey]({impact.ClientCount} clients simulated)[/]");
        if (impact.Current is null)
            console.MarkupLine("  [yellow]The current policy's contents are unknown: what the change breaks cannot be told.[/]");
        if (impact.Breaks.Count == 0 && impact.Current is not null) console.MarkupLine("  [green]✓ Breaks no client the current policy admits.[/]");
        foreach (var v in impact.Breaks)
            if (v.Outcome is NegotiationOutcome.Refused r)
                console.MarkupLine($"  [red]✗ breaks[/] {Markup.Escape(v.Client)}: [red]{r.Reason.Code()}[/] [grey]{Markup.Escape(r.Explanation)}[/]");
        foreach (var v in impact.Fixes)
            if (v.Outcome is NegotiationOutcome.Refused r)
                console.MarkupLine($"  [green]✓ fixes[/] {Markup.Escape(v.Client)} [grey](today: {r.Reason.Code()})[/]");
        if (impact.Logs is { } logs)
        {
            var color = logs.AtRisk > 0 ? "yellow" : "green";
            foreach (var note in Diagnoser.LogNotes(logs, isChange: true)) console.MarkupLine($"  [{color}]logs:[/] {Markup.Escape(note)}");
            foreach (var pair in logs.Pairs.Take(5))
                console.MarkupLine($"    [grey]{pair.Connections:N0} × {Markup.Escape(pair.Protocol)} {Markup.Escape(pair.Cipher)} ({pair.Clients:N0} client{(pair.Clients == 1 ? "" : "s")}): {Markup.Escape(pair.Reason)}[/]");
        }
    }

    public static void Equivalents(IAnsiConsole console, AwsPolicyChangePlan plan)
    {
        console.WriteLine();
        console.MarkupLine("[bold]AWS CLI[/]");
        foreach (var c in plan.CliCommands) console.WriteLine("  " + c);
        console.MarkupLine("[bold]CloudFormation[/]");
        foreach (var line in plan.CloudFormation.Split('\n')) console.WriteLine("  " + line);
        console.MarkupLine("[bold]Terraform[/]");
        foreach (var line in plan.Terraform.Split('\n')) console.WriteLine("  " + line);
    }

    public static void Audit(IAnsiConsole console, IReadOnlyList<ListenerAuditEntry> entries)
    {
        if (entries.Count == 0)
        {
            console.MarkupLine("[grey]No TLS listeners in this region.[/]");
            return;
        }
        var table = new Table().Border(TableBorder.Simple);
        foreach (var h in new[] { "Listener", "Policy", "Refuses", "TLS 1.0/1.1", "PQ", "Recommended" }) table.AddColumn(h);
        foreach (var e in entries)
            table.AddRow(
                Markup.Escape($"{e.Listener.LoadBalancer}:{e.Listener.Port}"),
                Markup.Escape(e.Listener.PolicyName ?? "-"),
                e.Listener.Policy is null ? "[grey]unknown[/]" : e.Refused.Count == 0 ? "[green]0[/]" : $"[yellow]{e.Refused.Count}[/]",
                e.AllowsLegacyTls switch { true => "[yellow]yes[/]", false => "no", null => "[grey]?[/]" },
                e.PostQuantum switch { true => "[green]yes[/]", false => "no", null => "[grey]?[/]" },
                e.Recommended is null ? "[grey]-[/]" : Markup.Escape(e.Recommended.Name));
        console.Write(table);
    }

    private static string AwsJsonTime(DateTimeOffset t) => Json.AwsJson.Time(t);

    private static string Period(TimeSpan p) => p.TotalHours >= 1 && p.TotalHours % 1 == 0 ? $"{p.TotalHours:0} h" : $"{p.TotalMinutes:0} min";
}
