using System.Globalization;
using Spectre.Console;
using TlsDoctor.Logs;

namespace TlsDoctor.Cli.Commands;

/// <summary>Terminal output of `tlsdoctor logs` (tables at the console's width; JSON is LogsJson's).</summary>
public static class LogsRenderer
{
    private const int Top = 10;

    public static void Summary(IAnsiConsole console, LogSummary s)
    {
        console.MarkupLine($"[bold]{s.Connections:N0}[/] TLS connections in {Input(s.Scan)}; [bold]{s.Failed:N0}[/] failed ({Share(s.FailedShare)})");
        foreach (var note in s.Notes) console.MarkupLineInterpolated($"[grey]note: {note}[/]");
        if (s.Connections == 0) return;
        console.Write(Counts("Protocol", s.ByProtocol, s.Connections, int.MaxValue));
        console.Write(Counts("Cipher (IANA name)", s.ByCipher, s.Connections, Top));
        if (s.ByKeyExchange.Count > 0)
        {
            console.Write(Counts("Key exchange", s.ByKeyExchange, s.ByKeyExchange.Values.Sum(), Top));
            console.MarkupLine($"post-quantum hybrid key exchange: {s.PostQuantum:N0} ({Share(s.PostQuantumShare)} of connections whose key exchange is logged)");
        }
        console.Write(Counts("Listener", s.ByListener, s.Connections, Top));
        if (s.Failed == 0) return;
        console.Write(Counts("Failing client", s.FailedByClient.ToDictionary(c => c.Client, c => c.Count), s.Failed, Top, $"{s.FailedByClient.Count:N0} clients"));
        console.Write(Counts("Hour (UTC)", s.FailedByHour.ToDictionary(h => h.Hour, h => h.Count), s.Failed, 24));
        if (s.FailedByServerName.Count > 0) console.Write(Counts("SNI of failures", s.FailedByServerName, s.Failed, Top));
        if (s.FailedByClientAlert.Count > 0) console.Write(Counts("Client alert", s.FailedByClientAlert, s.Failed, Top));
    }

    public static void WhatIf(IAnsiConsole console, WhatIfResult r)
    {
        console.MarkupLineInterpolated($"Policy {r.Policy}: [bold]{r.AtRisk:N0}[/] of {r.Connections:N0} successful TLS connections at risk ({Share(r.AtRiskShare)}), from {r.AtRiskClients:N0} client IPs; read {Input(r.Scan)}");
        console.MarkupLine("[grey]An upper bound: a log line shows the protocol and cipher negotiated, not everything the client offered.[/]");
        foreach (var note in r.Notes) console.MarkupLineInterpolated($"[grey]note: {note}[/]");
        if (r.Pairs.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Protocol", "Cipher", "Connections", "Clients", "Why", "Example");
            foreach (var p in r.Pairs.Take(20))
                table.AddRow(Markup.Escape(p.Protocol), Markup.Escape(p.Cipher), p.Connections.ToString("N0", CultureInfo.InvariantCulture), p.Clients.ToString("N0", CultureInfo.InvariantCulture),
                    Markup.Escape(p.Reason), Markup.Escape(p.Examples.FirstOrDefault() ?? ""));
            console.Write(table);
        }
        if (r.Confirmed.Count > 0 || r.Cleared.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Client (by user agent)", "Connections", "Would fail", "Simulated outcome", "User agent");
            foreach (var c in r.Confirmed.Concat(r.Cleared))
                table.AddRow(Markup.Escape(c.ProfileName), c.Connections.ToString("N0", CultureInfo.InvariantCulture), c.Fails ? "[red]confirmed[/]" : "[green]no[/]",
                    Markup.Escape(c.Outcome), Markup.Escape(c.UserAgent.Length > 60 ? c.UserAgent[..60] + "…" : c.UserAgent));
            console.Write(table);
        }
    }

    public static void Recommendation(IAnsiConsole console, WhatIfRecommendation r)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Policy (most secure first)", "At risk", "Share", "Clients");
        foreach (var c in r.Candidates)
            table.AddRow(Markup.Escape(c.Policy), c.AtRisk.ToString("N0", CultureInfo.InvariantCulture), Share(c.AtRiskShare), c.AtRiskClients.ToString("N0", CultureInfo.InvariantCulture));
        console.Write(table);
        if (r.Policy is null)
        {
            console.MarkupLineInterpolated($"No {r.LoadBalancer} policy keeps the connections at risk within {Share(r.Tolerance)}.");
            return;
        }
        console.MarkupLineInterpolated($"[bold]{r.Policy.Name}[/]: the most secure {r.LoadBalancer} policy that puts {(r.Tolerance == 0 ? "no logged connection" : $"at most {Share(r.Tolerance)} of the logged connections")} at risk (read {Input(r.Scan)})");
        foreach (var command in r.Commands) console.WriteLine(command);
    }

    private static string Input(LogScanStats s) =>
        $"{s.Files:N0} file{(s.Files == 1 ? "" : "s")} ({string.Join(", ", s.FilesByFormat.Select(f => $"{f.Value} {f.Key}"))}), {s.Lines:N0} lines"
        + (s.Malformed > 0 ? $", {s.Malformed:N0} malformed" : "") + (s.Skipped.Count > 0 ? $", {s.Skipped.Count} skipped" : "");

    private static Table Counts(string title, IReadOnlyDictionary<string, long> counts, long total, int top, string? footer = null)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn(title).AddColumn(new TableColumn("Count").RightAligned()).AddColumn(new TableColumn("Share").RightAligned());
        foreach (var (name, count) in counts.Take(top)) table.AddRow(Markup.Escape(name), count.ToString("N0", CultureInfo.InvariantCulture), Share(total == 0 ? 0 : (double)count / total));
        if (counts.Count > top) table.AddRow($"[grey]… {counts.Count - top} more{(footer is null ? "" : $" ({footer})")}[/]", "", "");
        return table;
    }

    private static string Share(double share) => share.ToString("0.###%", CultureInfo.InvariantCulture);
}
