using Spectre.Console;
using TlsDoctor.Negotiation;
using TlsDoctor.Reports;

namespace TlsDoctor.Cli.Rendering;

/// <summary>
/// `simulate --grid`: clients × policies in the terminal. Compact cells ("✓ 1.3", "✗ cipher"), policy columns named
/// by letters with a legend when their names are wider than a cell, and as many column blocks as the width needs
/// (100 columns hold the client names and eight policies).
/// </summary>
public static class GridRenderer
{
    private const int CellWidth = 8;
    private const int MaxClientWidth = 30;

    public static void Render(IAnsiConsole console, CompatibilityGrid grid)
    {
        var width = Math.Max(40, console.Profile.Width);
        var clientWidth = Math.Min(MaxClientWidth, Math.Max(6, grid.Clients.Select(c => c.Name.Length).DefaultIfEmpty(6).Max()));
        var perBlock = Math.Max(1, (width - clientWidth) / (CellWidth + 1));
        var abbreviate = grid.Policies.Any(p => p.Name.Length > CellWidth);
        var labels = grid.Policies.Select((p, i) => abbreviate ? Letter(i) : p.Name).ToList();

        for (var start = 0; start < grid.Policies.Count; start += perBlock)
        {
            var columns = Enumerable.Range(start, Math.Min(perBlock, grid.Policies.Count - start)).ToList();
            if (start > 0) console.WriteLine();
            console.MarkupLine("[bold]" + Markup.Escape(Pad("Client", clientWidth)) + string.Concat(columns.Select(c => " " + Markup.Escape(Pad(labels[c], CellWidth)))).TrimEnd() + "[/]");
            foreach (var family in grid.Clients.Select((c, i) => (c, i)).GroupBy(x => x.c.Family))
            {
                console.MarkupLine("[grey]" + Markup.Escape(family.Key.Name) + "[/]");
                foreach (var (client, row) in family)
                {
                    var line = Markup.Escape(Pad(Fit(client.Name, clientWidth), clientWidth));
                    foreach (var col in columns)
                    {
                        var cell = grid.Cell(row, col);
                        var text = col == columns[^1] ? Compact(cell.Outcome) : Pad(Compact(cell.Outcome), CellWidth);
                        line += " " + (cell.Ok ? $"[green]{Markup.Escape(text)}[/]" : $"[red]{Markup.Escape(text)}[/]");
                    }
                    console.MarkupLine(line.TrimEnd());
                }
            }
            var refused = Pad("refused", clientWidth) + string.Concat(columns.Select(c => " " + Pad(grid.Refused(grid.Policies[c]).ToString(), CellWidth)));
            console.MarkupLine("[grey]" + Markup.Escape(refused.TrimEnd()) + "[/]");
        }

        console.WriteLine();
        if (abbreviate)
            for (var i = 0; i < grid.Policies.Count; i++)
            {
                var roles = grid.Policies[i].Roles.Where(r => r != GridPolicyRole.Catalog).Select(ReportVocabulary.RoleWord).ToList();
                console.MarkupLine($"{labels[i],3}  {Markup.Escape(grid.Policies[i].Name)}" + (roles.Count > 0 ? $" [grey]({string.Join(", ", roles)})[/]" : ""));
            }
        var reasons = grid.Cells.Select(c => c.Outcome).OfType<NegotiationOutcome.Refused>().Select(r => r.Reason).Distinct().Order().ToList();
        if (reasons.Count > 0)
            console.MarkupLine("[grey]" + Markup.Escape("✗ " + string.Join(", ", reasons.Select(r => $"{Short(r)} = {r.Code()}"))) + "[/]");
    }

    /// <summary>"✓ 1.3" or "✗ cipher": the protocol agreed, or the refusal in one word.</summary>
    public static string Compact(NegotiationOutcome outcome) => outcome switch
    {
        NegotiationOutcome.Agreed a => "✓ " + a.Version.Name.Replace("TLSv", "", StringComparison.Ordinal).Replace("SSLv", "SSL", StringComparison.Ordinal),
        NegotiationOutcome.Refused r => "✗ " + Short(r.Reason),
        _ => "",
    };

    private static string Short(RefusalReason reason) => reason switch
    {
        RefusalReason.NoSharedProtocol => "proto",
        RefusalReason.NoSharedCipher => "cipher",
        RefusalReason.NoCipherForCertificate => "cert",
        RefusalReason.NoSharedGroup => "group",
        RefusalReason.NoSharedSignatureAlgorithm => "sigalg",
        RefusalReason.ClientOffersSslv2Only => "sslv2",
        _ => "unknown",
    };

    /// <summary>A, B, … Z, then AA, AB, …: short, and not confused with protocol numbers.</summary>
    private static string Letter(int index) => index < 26 ? ((char)('A' + index)).ToString() : Letter(index / 26 - 1) + (char)('A' + index % 26);

    private static string Fit(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";

    private static string Pad(string text, int width) => text.Length >= width ? text : text + new string(' ', width - text.Length);
}
