using Spectre.Console;
using TlsDoctor.Diagnosis;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Cli.Rendering;

/// <summary>Renders a <see cref="DiagnosisReport"/>: the endpoint's policy, one row per client with the reason it fails, and the fix.</summary>
public sealed class DiagnosisRenderer(IAnsiConsole console)
{
    public void Render(DiagnosisReport report)
    {
        var policy = report.Policy!;
        var source = report.PolicySource switch
        {
            PolicySourceKind.Identified => report.Matches.Count > 1
                ? $"identified by scan; identical from outside: {string.Join(", ", report.Matches.Select(m => m.Name))}"
                : "identified by scan: exact match",
            PolicySourceKind.Closest => "closest catalog policy to the scan (not exact)",
            PolicySourceKind.Aws => $"from AWS: listener {report.Listener?.Id}" + (report.ScanVersusPolicy is { } m
                ? m.Exact ? "; the scan agrees" : "; the scan DISAGREES (see the notes)"
                : "; not scanned"),
            _ => "stated, not scanned",
        };
        console.MarkupLine($"[bold]Endpoint[/] {Markup.Escape(report.Target)} ({Markup.Escape(report.Address)})");
        console.MarkupLine($"[bold]Policy[/]   [cyan]{Markup.Escape(policy.Name)}[/] [grey]({Markup.Escape(source)})[/]");
        var versions = policy.Versions.Order().ToList();
        console.MarkupLine($"         {Markup.Escape(versions.Count == 0 ? "protocols unknown" : $"{versions[0].Name}–{versions[^1].Name}")}, {policy.CipherSuites.Count} suites, "
            + $"certificate {Markup.Escape(string.Join(" + ", report.Certificates.Select(c => c.ToString().ToUpperInvariant())))}");
        console.WriteLine();

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Client").AddColumn("Result").AddColumn("Why (from the client's hello and the policy)");
        var rows = new List<(string Client, string Result, string Why)>();
        foreach (var c in report.Clients)
        {
            string result, why;
            if (!c.Fails && c.Live.Kind == LiveAnswerKind.ServerHello)
            {
                result = $"[green]✓ {Markup.Escape(c.Live.Version?.Name ?? "")}[/]";
                why = Markup.Escape(SuiteName(c.Live.Suite));
            }
            else if (!c.Fails)
            {
                result = c.Predicted is NegotiationOutcome.Agreed a ? $"[green]✓ {Markup.Escape(a.Version.Name)}[/] [grey](predicted)[/]" : "[grey]?[/]";
                why = Markup.Escape(c.Predicted is NegotiationOutcome.Agreed ag ? SuiteName(ag.Suite) : "");
            }
            else
            {
                var reason = c.Predicted is NegotiationOutcome.Refused r ? r.Reason.Code() : "refused";
                result = $"[red]✗ {Markup.Escape(reason)}[/]";
                why = Markup.Escape(c.Predicted is NegotiationOutcome.Refused rr ? rr.Explanation : "the endpoint refused the hello");
                if (c.Live.Kind == LiveAnswerKind.Alert) why += $" [grey](endpoint sent alert {Markup.Escape(c.Live.Alert ?? "")})[/]";
                if (c.Fix?.Policy is { } fix) why += $"\n[grey]admitted by[/] [cyan]{Markup.Escape(fix.Name)}[/]";
                else if (c.Fix is not null) why += "\n[grey]no catalog policy admits this client[/]";
            }
            table.AddRow(new Markup(Markup.Escape(c.Client)), new Markup(result), new Markup(why));
            rows.Add((c.Client, result, why));
        }
        // Too narrow for the three columns at their longest names: each client on a line, its reason indented below.
        TableFit.Write(console, table, () =>
        {
            foreach (var (client, result, why) in rows)
            {
                console.MarkupLine($"{Markup.Escape(client)}  {result}");
                foreach (var line in why.Split('\n')) console.Write(new Padder(new Markup(line), new Padding(4, 0, 0, 0)));
            }
        });

        if (report.Recommendation is { } rec)
        {
            console.WriteLine();
            var failing = report.FailureCount;
            if (rec.Policy is { } recommended)
            {
                console.MarkupLine($"[bold]Fix[/]: {failing} of {report.Clients.Count} clients fail. The most secure {Markup.Escape(rec.LoadBalancer)} policy that admits all {report.Clients.Count} is [green]{Markup.Escape(recommended.Name)}[/]:");
                foreach (var w in rec.Why) console.MarkupLine($"  [grey]- {Markup.Escape(w)}[/]");
                foreach (var command in rec.Commands) console.MarkupLine($"  [bold]{Markup.Escape(command)}[/]");
            }
            else
            {
                console.MarkupLine($"[bold]Fix[/]: {failing} of {report.Clients.Count} clients fail, and {Markup.Escape(rec.Why.FirstOrDefault() ?? "no policy admits them all")}; see the per-client policies above.");
            }
        }
        else
        {
            console.WriteLine();
            console.MarkupLine("[green]Every client negotiates with this endpoint.[/]");
        }
        foreach (var note in report.Notes) console.MarkupLine($"[yellow]note:[/] {Markup.Escape(note)}");
        // --logs: the negotiated pairs the checked policy lacks, most connections first (the full list: --json).
        if (report.Logs is { Pairs.Count: > 0 } logs)
            foreach (var pair in logs.Pairs.Take(5))
                console.MarkupLine($"  [grey]logs: {pair.Connections:N0} × {Markup.Escape(pair.Protocol)} {Markup.Escape(pair.Cipher)} ({pair.Clients:N0} client{(pair.Clients == 1 ? "" : "s")}): {Markup.Escape(pair.Reason)}[/]");
    }

    private static string SuiteName(ushort? code) => code is { } c ? CipherSuites.Find(c)?.OpenSslName ?? CipherSuites.Describe(c) : "";
}
