using System.Globalization;
using System.Text;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Reports;

/// <summary>
/// A <see cref="Report"/> as Markdown that GitHub and GitLab render (GFM tables): the same sections as the HTML
/// report, with symbols and words where the HTML adds colour.
/// </summary>
public static class MarkdownReportRenderer
{
    public static string Render(Report r)
    {
        var m = new StringBuilder(16 * 1024);
        m.Append("# TLS report: `").Append(r.Endpoint).Append("`\n\n");
        m.Append("Generated ").Append(r.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)).Append(" by TlsDoctor · ")
         .Append(r.LoadBalancer).Append(" policies · certificate ").Append(string.Join(" + ", r.Certificates.Select(c => c.ToString().ToUpperInvariant()))).Append("\n\n");

        m.Append("## Summary\n\n");
        var recommended = r.Recommendation?.Policy;
        m.Append("| | |\n|---|---|\n");
        m.Append("| Endpoint | `").Append(Cell(r.Endpoint)).Append('`').Append(r.Address is { } a && a != r.Endpoint ? $" ({Cell(a)})" : "").Append(" |\n");
        m.Append("| Policy | `").Append(Cell(r.CurrentPolicy?.Name ?? "unknown")).Append("` (").Append(Cell(r.PolicyOrigin)).Append(") |\n");
        m.Append("| Clients | ").Append(r.FailingClients > 0 ? "✗ " : "✓ ").Append(r.FailingClients).Append(" of ").Append(r.Clients.Count).Append(" fail")
         .Append(r.Live ? " (hellos sent to the endpoint)" : " (predicted)").Append(" |\n");
        m.Append("| Recommended | ").Append(recommended is null ? Cell(r.Recommendation?.Why.FirstOrDefault() ?? "none") : $"`{Cell(recommended.Name)}`")
         .Append(recommended is not null && recommended.Name == r.CurrentPolicy?.Name ? " (already in use)" : "").Append(" |\n\n");
        if (r.Recommendation is { Commands.Count: > 0 } rec)
            m.Append("```sh\n").Append(string.Join("\n", rec.Commands)).Append("\n```\n\n");
        if (r.Recommendation?.LeastChange is { } least && least.Policy.Name != recommended?.Name && least.Policy.Name != r.CurrentPolicy?.Name)
        {
            m.Append("Least change from the current policy: `").Append(least.Policy.Name).Append('`').Append(least.Changes.Count > 0 ? " (" + string.Join("; ", least.Changes) + ")" : "").Append("\n\n");
            if (least.Commands.Count > 0) m.Append("```sh\n").Append(string.Join("\n", least.Commands)).Append("\n```\n\n");
        }

        Grid(m, r.Grid);

        if (r.Diff is { } d)
        {
            m.Append("## From `").Append(d.From.Name).Append("` to `").Append(d.To.Name).Append("`\n\n");
            if (d.IsIdentical) m.Append("Same protocols and suites in the same order.\n\n");
            else
            {
                m.Append("```diff\n");
                foreach (var v in d.ProtocolsAdded) m.Append("+ protocol ").Append(v.Name).Append('\n');
                foreach (var v in d.ProtocolsRemoved) m.Append("- protocol ").Append(v.Name).Append('\n');
                foreach (var s in d.SuitesAdded) m.Append("+ ").Append(GridCell.SuiteName(s)).Append(" (").Append(ReportVocabulary.RatingWord(CipherSuites.Find(s)?.Rating)).Append(")\n");
                foreach (var s in d.SuitesRemoved) m.Append("- ").Append(GridCell.SuiteName(s)).Append(" (").Append(ReportVocabulary.RatingWord(CipherSuites.Find(s)?.Rating)).Append(")\n");
                foreach (var g in d.GroupsAdded ?? []) m.Append("+ group ").Append(Groups.Describe(g)).Append('\n');
                foreach (var g in d.GroupsRemoved ?? []) m.Append("- group ").Append(Groups.Describe(g)).Append('\n');
                m.Append("```\n\n");
                if (d.OrderChanged) m.Append("The suites both accept are preferred in a different order.\n\n");
            }
        }

        if (r.Scan is { Failure: null } scan)
        {
            m.Append("## What the endpoint accepts\n\n");
            m.Append("Protocols: ").Append(string.Join(" · ", scan.Protocols.Select(p => p.Supported
                ? $"{ReportVocabulary.RatingSymbol(ReportVocabulary.ProtocolRating(p.Version))} {p.Name}"
                : $"– ~~{p.Name}~~"))).Append("\n\n");
            foreach (var p in scan.Protocols.Where(p => p.Supported && p.Ciphers.Count > 0).OrderByDescending(p => p.Version))
            {
                m.Append("### ").Append(p.Name).Append(p.ServerOrder == true ? " (server order)" : "").Append("\n\n| # | Suite | Bits | Rating |\n|---:|---|---:|---|\n");
                var i = 0;
                foreach (var c in p.Ciphers)
                    m.Append("| ").Append(++i).Append(" | `").Append(Cell(c.Iana ?? c.Code)).Append("` | ").Append(c.Bits).Append(" | ")
                     .Append(ReportVocabulary.RatingSymbol(c.Rating)).Append(' ').Append(ReportVocabulary.RatingWord(c.Rating)).Append(" |\n");
                m.Append('\n');
            }
            if (scan.Groups.Count > 0)
                m.Append("Groups: ").Append(string.Join(", ", scan.Groups.Select(g => g.PostQuantum ? $"{g.Name} (⚛ post-quantum)" : g.Name))).Append("\n\n");
            if (scan.Certificates.Count > 0)
            {
                m.Append("### Certificates\n\n| For | Subject | Key | Valid until | Trusted |\n|---|---|---|---|---|\n");
                foreach (var c in scan.Certificates)
                    m.Append("| ").Append(Cell(c.PresentedFor)).Append(" | ").Append(Cell(c.Subject)).Append(" | ").Append(Cell(c.KeyType)).Append(' ').Append(c.KeyBits).Append(" | ")
                     .Append(c.NotAfter.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(" | ").Append(c.Trusted ? "✓ yes" : "✗ no").Append(" |\n");
                m.Append('\n');
            }
            m.Append("### Findings\n\n");
            if (scan.Findings.Count == 0) m.Append("✓ No finding.\n\n");
            else
            {
                foreach (var f in scan.Findings.OrderByDescending(f => f.Severity))
                    m.Append("- ").Append(ReportVocabulary.SeveritySymbol(f.Severity)).Append(" **").Append(ReportVocabulary.SeverityWord(f.Severity)).Append("** ").Append(f.Text).Append(" (`").Append(f.Id).Append("`)\n");
                m.Append('\n');
            }
        }

        var notes = r.Notes.Concat(r.Scan?.Notes ?? []).Distinct().ToList();
        if (notes.Count > 0)
        {
            m.Append("## Notes\n\n");
            foreach (var n in notes) m.Append("- ").Append(n).Append('\n');
            m.Append('\n');
        }
        return m.ToString();
    }

    private static void Grid(StringBuilder m, CompatibilityGrid g)
    {
        m.Append("## Compatibility\n\n");
        m.Append("| Client |");
        foreach (var p in g.Policies)
        {
            m.Append(" `").Append(Cell(p.Name)).Append('`');
            foreach (var role in p.Roles.Where(x => x != GridPolicyRole.Catalog)) m.Append(" *").Append(ReportVocabulary.RoleWord(role)).Append('*');
            m.Append(" |");
        }
        m.Append("\n|---|").Append(string.Concat(Enumerable.Repeat("---|", g.Policies.Count))).Append('\n');
        var refusals = new List<GridCell>();
        foreach (var family in g.Clients.Select((c, i) => (c, i)).GroupBy(x => x.c.Family))
        {
            m.Append("| **").Append(Cell(family.Key.Name)).Append("** |").Append(string.Concat(Enumerable.Repeat(" |", g.Policies.Count))).Append('\n');
            foreach (var (client, row) in family)
            {
                m.Append("| ").Append(Cell(client.Name)).Append(" |");
                for (var col = 0; col < g.Policies.Count; col++)
                {
                    var cell = g.Cell(row, col);
                    m.Append(' ').Append(cell.Outcome switch
                    {
                        NegotiationOutcome.Agreed a => $"✓ {a.Version.Name} `{GridCell.ShortSuiteName(a.Suite)}`",
                        NegotiationOutcome.Refused x => $"✗ {x.Reason.Code()}",
                        _ => "",
                    }).Append(" |");
                    if (!cell.Ok) refusals.Add(cell);
                }
                m.Append('\n');
            }
        }
        m.Append("\nClients refused: ").Append(string.Join(" · ", g.Policies.Select(p => $"`{p.Name}` {g.Refused(p).ToString(CultureInfo.InvariantCulture)}"))).Append("\n\n");
        if (refusals.Count == 0) return;
        m.Append("Why:\n\n");
        foreach (var cell in refusals)
            m.Append("- **").Append(cell.Client.Name).Append("** × `").Append(cell.Policy.Name).Append("`: ").Append(((NegotiationOutcome.Refused)cell.Outcome).Explanation).Append('\n');
        m.Append('\n');
    }

    /// <summary>Text inside a table cell: a pipe would end the cell, a newline the row.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');
}
