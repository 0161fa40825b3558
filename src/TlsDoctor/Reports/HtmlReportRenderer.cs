using System.Globalization;
using System.Net;
using System.Text;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using TlsDoctor.Scanning;

namespace TlsDoctor.Reports;

/// <summary>
/// A <see cref="Report"/> as one self-contained HTML file: inline CSS and SVG, no script, no font or image from
/// elsewhere, and a Content-Security-Policy that forbids loading anything (so a viewer never reaches the network).
/// Readable from a 390 px phone to a 1280 px screen (wide tables scroll sideways) and printable.
/// </summary>
public static class HtmlReportRenderer
{
    /// <summary>Nothing may load: styles are inline, images are data: or inline SVG.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

    public static string Render(Report report)
    {
        var h = new StringBuilder(64 * 1024);
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(ContentSecurityPolicy).Append("\">\n");
        h.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.Append("<meta name=\"generator\" content=\"TlsDoctor\">\n");
        h.Append("<title>TLS report: ").Append(E(report.Endpoint)).Append("</title>\n<style>").Append(Css).Append("</style>\n</head>\n<body>\n");
        Header(h, report);
        h.Append("<main>\n");
        Summary(h, report);
        Grid(h, report);
        Diff(h, report);
        Scan(h, report);
        Notes(h, report);
        h.Append("</main>\n<footer>Made by TlsDoctor on ").Append(E(Time(report.GeneratedAt)))
         .Append(". Grid cells are the simulator's predictions from the catalog's policy contents and the client profiles (data/SOURCES.md).</footer>\n");
        h.Append("</body>\n</html>\n");
        return h.ToString();
    }

    private static void Header(StringBuilder h, Report r)
    {
        h.Append("<header><svg class=\"logo\" viewBox=\"0 0 24 24\" width=\"28\" height=\"28\" aria-hidden=\"true\"><path d=\"M12 2 4 5v6c0 5 3.4 9.3 8 11 4.6-1.7 8-6 8-11V5z\" fill=\"#1a73e8\"/><path d=\"m8 12 3 3 5-6\" stroke=\"#fff\" stroke-width=\"2.2\" fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/></svg>");
        h.Append("<div><h1>TLS report: <span class=\"mono\">").Append(E(r.Endpoint)).Append("</span></h1>");
        h.Append("<p class=\"sub\">");
        if (r.Address is { } a && a != r.Endpoint) h.Append("address ").Append(E(a)).Append(" · ");
        h.Append(E(r.LoadBalancer)).Append(" policies · certificate ").Append(E(string.Join(" + ", r.Certificates.Select(c => c.ToString().ToUpperInvariant()))))
         .Append(" · ").Append(E(Time(r.GeneratedAt))).Append("</p></div></header>\n");
    }

    private static void Summary(StringBuilder h, Report r)
    {
        var total = r.Clients.Count;
        var failing = r.FailingClients;
        var recommended = r.Recommendation?.Policy;
        h.Append("<section id=\"summary\" aria-label=\"Summary\">\n");
        h.Append("<p class=\"verdict ").Append(failing > 0 ? "bad" : "good").Append("\">");
        if (failing > 0)
        {
            h.Append("<span class=\"sym\">✗</span> ").Append(failing).Append(" of ").Append(total).Append(" clients cannot connect");
            if (recommended is not null && recommended.Name != r.CurrentPolicy?.Name) h.Append("; <b>").Append(E(recommended.Name)).Append("</b> admits all of them");
            else if (recommended is null) h.Append("; no ").Append(E(r.LoadBalancer)).Append(" policy admits all of them");
        }
        else h.Append("<span class=\"sym\">✓</span> All ").Append(total).Append(" clients connect");
        h.Append(".</p>\n<div class=\"cards\">\n");

        h.Append("<div class=\"card\"><h2>Endpoint</h2><p class=\"big mono\">").Append(E(r.Endpoint)).Append("</p>");
        if (r.Scan?.Summary is { Length: > 0 } s) h.Append("<p class=\"muted\">").Append(E(s)).Append("</p>");
        h.Append("</div>\n");

        h.Append("<div class=\"card\"><h2>Policy</h2><p class=\"big mono\">").Append(E(r.CurrentPolicy?.Name ?? "unknown")).Append("</p><p class=\"muted\">")
         .Append(E(r.PolicyOrigin));
        var others = r.EquivalentPolicies.Where(n => n != r.CurrentPolicy?.Name).ToList();
        if (others.Count > 0) h.Append("; looks identical to ").Append(E(string.Join(", ", others)));
        h.Append("</p></div>\n");

        h.Append("<div class=\"card\"><h2>Clients</h2><p class=\"big\"><span class=\"").Append(failing > 0 ? "bad" : "good").Append("\">").Append(failing).Append(" of ").Append(total)
         .Append("</span> fail</p>");
        PassBar(h, total - failing, failing);
        h.Append("<p class=\"muted\">").Append(r.Live ? "each client's hello sent to the endpoint" : "predicted by the simulator (no hello sent)").Append("</p></div>\n");

        h.Append("<div class=\"card wide\"><h2>Recommended policy</h2>");
        if (recommended is null) h.Append("<p>").Append(E(r.Recommendation?.Why.FirstOrDefault() ?? "no recommendation")).Append("</p>");
        else
        {
            h.Append("<p class=\"big mono\">").Append(E(recommended.Name));
            if (recommended.Name == r.CurrentPolicy?.Name) h.Append(" <span class=\"tag\">already in use</span>");
            h.Append("</p><p class=\"muted\">").Append(E(r.Recommendation!.Why.FirstOrDefault() ?? "")).Append("</p>");
            foreach (var command in r.Recommendation.Commands) h.Append("<pre class=\"cmd\"><code>").Append(E(command)).Append("</code></pre>");
        }
        if (r.Recommendation?.LeastChange is { } least && least.Policy.Name != recommended?.Name && least.Policy.Name != r.CurrentPolicy?.Name)
        {
            h.Append("<h2 class=\"second\">Least change from the current policy</h2><p class=\"big mono\">").Append(E(least.Policy.Name)).Append("</p>");
            if (least.Changes.Count > 0) h.Append("<p class=\"muted\">").Append(E(string.Join("; ", least.Changes))).Append("</p>");
            foreach (var command in least.Commands) h.Append("<pre class=\"cmd\"><code>").Append(E(command)).Append("</code></pre>");
        }
        h.Append("</div>\n</div>\n</section>\n");
    }

    /// <summary>A bar of agreeing (green) and refused (red) clients; the numbers are beside it in text.</summary>
    private static void PassBar(StringBuilder h, int ok, int failing)
    {
        var total = Math.Max(1, ok + failing);
        var okWidth = (int)Math.Round(200.0 * ok / total);
        h.Append("<svg class=\"bar\" viewBox=\"0 0 200 10\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"").Append(ok).Append(" connect, ").Append(failing).Append(" fail\">")
         .Append("<rect width=\"200\" height=\"10\" rx=\"3\" fill=\"#d93025\"/>");
        if (okWidth > 0) h.Append("<rect width=\"").Append(okWidth).Append("\" height=\"10\" rx=\"3\" fill=\"#188038\"/>");
        h.Append("</svg>");
    }

    private static void Grid(StringBuilder h, Report r)
    {
        var g = r.Grid;
        h.Append("<section id=\"grid\"><h2>Compatibility: clients × policies</h2>\n");
        h.Append("<p class=\"muted\">✓ the client connects (protocol and suite agreed) · ✗ the handshake fails (the reason; hover a cell, or read the line under the row). Columns: ");
        h.Append(string.Join(", ", g.Policies.Select(p => $"<b>{E(p.Name)}</b> ({string.Join(", ", p.Roles.Select(ReportVocabulary.RoleWord))})")));
        h.Append(".</p>\n<div class=\"scroll\"><table class=\"grid\">\n<thead><tr><th scope=\"col\" class=\"client\">Client</th>");
        foreach (var p in g.Policies)
        {
            h.Append("<th scope=\"col\" class=\"pol\"><span class=\"pname\">").Append(E(p.Name)).Append("</span>");
            foreach (var role in p.Roles.Where(x => x != GridPolicyRole.Catalog))
                h.Append(" <span class=\"tag ").Append(role.ToString().ToLowerInvariant()).Append("\">").Append(ReportVocabulary.RoleWord(role)).Append("</span>");
            var refused = g.Refused(p);
            h.Append("<span class=\"count ").Append(refused > 0 ? "bad" : "good").Append("\">").Append(refused == 0 ? "✓ all connect" : $"✗ {refused} refused").Append("</span></th>");
        }
        h.Append("</tr></thead>\n");
        var columns = g.Policies.Count + 1;
        foreach (var family in g.Clients.Select((c, i) => (c, i)).GroupBy(x => x.c.Family))
        {
            h.Append("<tbody><tr class=\"family\"><th scope=\"rowgroup\" colspan=\"").Append(columns).Append("\">").Append(E(family.Key.Name)).Append("</th></tr>\n");
            foreach (var (client, row) in family)
            {
                h.Append("<tr class=\"row\"><th scope=\"row\" class=\"client\">").Append(E(client.Name)).Append("</th>");
                var refusals = new List<GridCell>();
                for (var col = 0; col < g.Policies.Count; col++)
                {
                    var cell = g.Cell(row, col);
                    h.Append("<td class=\"cell ").Append(cell.Ok ? "ok" : "no").Append("\" title=\"").Append(E(cell.Explanation)).Append("\">");
                    switch (cell.Outcome)
                    {
                        case NegotiationOutcome.Agreed a:
                            h.Append("<span class=\"sym\">✓</span> ").Append(E(a.Version.Name)).Append("<small>").Append(E(GridCell.ShortSuiteName(a.Suite))).Append("</small>");
                            break;
                        case NegotiationOutcome.Refused x:
                            h.Append("<span class=\"sym\">✗</span> <small>").Append(E(x.Reason.Code())).Append("</small>");
                            refusals.Add(cell);
                            break;
                    }
                    h.Append("</td>");
                }
                h.Append("</tr>\n");
                if (refusals.Count == 0) continue;
                h.Append("<tr class=\"why\"><td colspan=\"").Append(columns).Append("\"><ul>");
                foreach (var cell in refusals)
                    h.Append("<li><b>").Append(E(cell.Policy.Name)).Append("</b>: ").Append(E(((NegotiationOutcome.Refused)cell.Outcome).Explanation)).Append("</li>");
                h.Append("</ul></td></tr>\n");
            }
            h.Append("</tbody>\n");
        }
        h.Append("</table></div>\n</section>\n");
    }

    private static void Diff(StringBuilder h, Report r)
    {
        if (r.Diff is not { } d) return;
        h.Append("<section id=\"diff\"><h2>From <span class=\"mono\">").Append(E(d.From.Name)).Append("</span> to <span class=\"mono\">").Append(E(d.To.Name)).Append("</span></h2>\n");
        if (d.IsIdentical) { h.Append("<p>The two policies accept the same protocols and suites in the same order.</p></section>\n"); return; }
        h.Append("<ul class=\"diff\">");
        foreach (var v in d.ProtocolsAdded) h.Append("<li class=\"add\"><span class=\"sym\">+</span> protocol ").Append(E(v.Name)).Append("</li>");
        foreach (var v in d.ProtocolsRemoved) h.Append("<li class=\"del\"><span class=\"sym\">−</span> protocol ").Append(E(v.Name)).Append("</li>");
        foreach (var s in d.SuitesAdded) h.Append("<li class=\"add\"><span class=\"sym\">+</span> ").Append(SuiteWithRating(s)).Append("</li>");
        foreach (var s in d.SuitesRemoved) h.Append("<li class=\"del\"><span class=\"sym\">−</span> ").Append(SuiteWithRating(s)).Append("</li>");
        foreach (var g in d.GroupsAdded ?? []) h.Append("<li class=\"add\"><span class=\"sym\">+</span> group ").Append(E(Groups.Describe(g))).Append("</li>");
        foreach (var g in d.GroupsRemoved ?? []) h.Append("<li class=\"del\"><span class=\"sym\">−</span> group ").Append(E(Groups.Describe(g))).Append("</li>");
        if (d.OrderChanged) h.Append("<li><span class=\"sym\">↕</span> the suites both accept are preferred in a different order</li>");
        if (d.From.ServerOrder != d.To.ServerOrder) h.Append("<li><span class=\"sym\">↕</span> server order ").Append(d.To.ServerOrder ? "enforced" : "no longer enforced").Append("</li>");
        h.Append("</ul>\n");
        if (d.Unknown != PolicyUnknowns.None) h.Append("<p class=\"muted\">Incomplete: a policy's contents are not fully known (").Append(E(d.Unknown.ToString())).Append(").</p>");
        h.Append("</section>\n");
    }

    private static string SuiteWithRating(ushort code)
    {
        var suite = CipherSuites.Find(code);
        return $"<span class=\"mono\">{E(GridCell.SuiteName(code))}</span> {RatingBadge(suite?.Rating)}";
    }

    private static void Scan(StringBuilder h, Report r)
    {
        h.Append("<section id=\"scan\"><h2>What the endpoint accepts</h2>\n");
        if (r.Scan is not { } scan)
        {
            h.Append("<p class=\"muted\">Not scanned: the policy was stated.</p></section>\n");
            return;
        }
        if (scan.Failure is { } failure)
        {
            h.Append("<p class=\"bad\">The scan failed: ").Append(E(failure.ToString())).Append("</p></section>\n");
            return;
        }
        h.Append("<h3>Protocols</h3><ul class=\"chips\">");
        foreach (var p in scan.Protocols)
        {
            if (p.Supported)
            {
                var rating = ReportVocabulary.ProtocolRating(p.Version);
                h.Append("<li class=\"r-").Append(ReportVocabulary.RatingWord(rating)).Append("\"><span class=\"sym\">").Append(ReportVocabulary.RatingSymbol(rating)).Append("</span> ")
                 .Append(E(p.Name)).Append(" accepted").Append(rating < Rating.Secure ? $" ({ReportVocabulary.RatingWord(rating)})" : "").Append("</li>");
            }
            else h.Append("<li class=\"off\"><span class=\"sym\">–</span> ").Append(E(p.Name)).Append(p.Determined ? " refused" : " unknown").Append("</li>");
        }
        h.Append("</ul>\n");

        foreach (var p in scan.Protocols.Where(p => p.Supported && p.Ciphers.Count > 0).OrderByDescending(p => p.Version))
        {
            h.Append("<h3>").Append(E(p.Name)).Append(" cipher suites <span class=\"muted\">(").Append(p.ServerOrder switch
            {
                true => "in the server's order of preference",
                false => "the client's order wins; listed as found",
                null => "order not determined",
            }).Append(")</span></h3>\n");
            h.Append("<div class=\"scroll\"><table class=\"suites\"><thead><tr><th scope=\"col\">#</th><th scope=\"col\">Suite</th><th scope=\"col\" class=\"opt\">OpenSSL name</th><th scope=\"col\">Bits</th><th scope=\"col\">Rating</th></tr></thead><tbody>");
            var i = 0;
            foreach (var c in p.Ciphers)
            {
                h.Append("<tr class=\"r-").Append(ReportVocabulary.RatingWord(c.Rating)).Append("\"><td>").Append(++i).Append("</td><td class=\"mono\">").Append(E(c.Iana ?? c.Code))
                 .Append(c.ForwardSecrecy ? "" : " <span class=\"tag\">no forward secrecy</span>").Append("</td><td class=\"mono opt\">").Append(E(c.OpenSsl ?? "")).Append("</td><td>").Append(c.Bits)
                 .Append("</td><td>").Append(RatingBadge(c.Rating)).Append("</td></tr>");
            }
            h.Append("</tbody></table></div>\n");
        }

        if (scan.Groups.Count > 0)
        {
            h.Append("<h3>Groups</h3><ul class=\"chips\">");
            foreach (var g in scan.Groups)
            {
                h.Append("<li class=\"").Append(g.PostQuantum ? "pq" : "plain").Append("\">").Append(E(g.Name));
                if (g.PostQuantum) h.Append(" <span class=\"tag pq\">⚛ post-quantum</span>");
                h.Append("</li>");
            }
            h.Append("</ul>\n");
        }

        if (scan.Certificates.Count > 0)
        {
            h.Append("<h3>Certificates</h3><div class=\"scroll\"><table class=\"certs\"><thead><tr><th scope=\"col\">For</th><th scope=\"col\">Subject</th><th scope=\"col\">Key</th><th scope=\"col\" class=\"opt\">Issuer</th><th scope=\"col\">Valid until</th><th scope=\"col\">Checks</th></tr></thead><tbody>");
            foreach (var c in scan.Certificates)
            {
                h.Append("<tr><td>").Append(E(c.PresentedFor)).Append("</td><td class=\"mono\">").Append(E(c.Subject));
                if (c.SubjectAltNames.Count > 0) h.Append("<br><small>").Append(E(string.Join(", ", c.SubjectAltNames.Take(6)))).Append(c.SubjectAltNames.Count > 6 ? " …" : "").Append("</small>");
                h.Append("</td><td>").Append(E(c.KeyType)).Append(' ').Append(c.KeyBits).Append(c.Curve is { } curve ? $" ({E(curve)})" : "").Append("<br><small>").Append(E(c.SignatureAlgorithm)).Append("</small></td><td class=\"mono opt\">")
                 .Append(E(c.Issuer)).Append("</td><td>").Append(E(c.NotAfter.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).Append("</td><td>");
                Check(h, c.Trusted, "trusted", "not trusted" + (c.TrustProblems.Count > 0 ? ": " + string.Join("; ", c.TrustProblems) : ""));
                if (c.HostnameMatches is { } m) Check(h, m, "name matches", "name does not match");
                if (c.Expired) Check(h, false, "", "expired");
                if (c.SelfSigned) Check(h, false, "", "self-signed");
                if (!c.ChainInOrder) Check(h, false, "", "chain out of order");
                h.Append("</td></tr>");
            }
            h.Append("</tbody></table></div>\n");
        }

        h.Append("<h3>Findings</h3>");
        if (scan.Findings.Count == 0) h.Append("<p class=\"good\"><span class=\"sym\">✓</span> No finding.</p>");
        else
        {
            h.Append("<ul class=\"findings\">");
            foreach (var f in scan.Findings.OrderByDescending(f => f.Severity))
                h.Append("<li class=\"s-").Append(ReportVocabulary.SeverityWord(f.Severity)).Append("\"><span class=\"sev\"><span class=\"sym\">").Append(ReportVocabulary.SeveritySymbol(f.Severity))
                 .Append("</span> ").Append(ReportVocabulary.SeverityWord(f.Severity)).Append("</span> ").Append(E(f.Text)).Append(" <span class=\"muted mono\">").Append(E(f.Id)).Append("</span></li>");
            h.Append("</ul>\n");
        }
        h.Append("</section>\n");
    }

    private static void Check(StringBuilder h, bool ok, string good, string bad) =>
        h.Append("<span class=\"").Append(ok ? "good" : "bad").Append("\"><span class=\"sym\">").Append(ok ? "✓" : "✗").Append("</span> ").Append(E(ok ? good : bad)).Append("</span><br>");

    private static string RatingBadge(Rating? rating) =>
        $"<span class=\"badge r-{ReportVocabulary.RatingWord(rating)}\"><span class=\"sym\">{ReportVocabulary.RatingSymbol(rating)}</span> {ReportVocabulary.RatingWord(rating)}</span>";

    private static void Notes(StringBuilder h, Report r)
    {
        if (r.Notes.Count == 0 && r.Scan?.Notes is not { Count: > 0 }) return;
        h.Append("<section id=\"notes\"><h2>Notes</h2><ul>");
        foreach (var n in r.Notes.Concat(r.Scan?.Notes ?? []).Distinct()) h.Append("<li>").Append(E(n)).Append("</li>");
        h.Append("</ul></section>\n");
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Css = """
        :root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--card:#fff;--ok:#116329;--ok-bg:#dafbe1;--bad:#a40e26;--bad-bg:#ffebe9;--warn:#7d4e00;--warn-bg:#fff8c5;--sec:#0550ae;--sec-bg:#ddf4ff;--pq:#6639ba;--pq-bg:#fbefff}
        *{box-sizing:border-box}
        body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
        header{display:flex;gap:12px;align-items:center;padding:18px 24px;background:#fff;border-bottom:1px solid var(--line)}
        header h1{font-size:1.35rem;margin:0;overflow-wrap:anywhere}
        .sub{margin:2px 0 0;color:var(--muted);font-size:.9rem}
        main{max-width:1240px;margin:0 auto;padding:16px 20px 8px}
        footer{max-width:1240px;margin:0 auto;padding:8px 20px 24px;color:var(--muted);font-size:.85rem}
        section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 18px;margin:0 0 16px}
        h2{font-size:1.1rem;margin:0 0 8px}
        h3{font-size:1rem;margin:16px 0 6px}
        .card h2.second{margin-top:12px}
        .card h2{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin:0 0 4px}
        .mono,code,pre{font-family:ui-monospace,SFMono-Regular,"DejaVu Sans Mono",Menlo,Consolas,monospace}
        .mono{overflow-wrap:anywhere}
        .muted{color:var(--muted)}
        .good{color:var(--ok)}.bad{color:var(--bad)}
        .verdict{font-size:1.15rem;font-weight:600;margin:0 0 12px;padding:10px 14px;border-radius:8px}
        .verdict.bad{background:var(--bad-bg)}.verdict.good{background:var(--ok-bg)}
        .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:12px}
        .card{border:1px solid var(--line);border-radius:8px;padding:10px 14px;min-width:0}
        .card.wide{grid-column:1/-1}
        .card p{margin:2px 0}
        .big{font-size:1.15rem;font-weight:600}
        .bar{width:100%;height:10px;display:block;margin:6px 0}
        pre.cmd{background:#0d1117;color:#e6edf3;padding:8px 10px;border-radius:6px;white-space:pre-wrap;word-break:break-all;margin:6px 0 0;font-size:.85rem}
        .tag{display:inline-block;font-size:.72rem;font-weight:600;padding:0 6px;border-radius:10px;background:#eaeef2;color:var(--fg);white-space:nowrap}
        .tag.current{background:var(--sec-bg);color:var(--sec)}.tag.recommended{background:var(--ok-bg);color:var(--ok)}.tag.requested{background:var(--warn-bg);color:var(--warn)}.tag.pq{background:var(--pq-bg);color:var(--pq)}
        .scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
        table{border-collapse:collapse;width:100%}
        th,td{text-align:left;vertical-align:top;padding:5px 8px;border-bottom:1px solid var(--line)}
        thead th{font-size:.85rem;background:#f6f8fa}
        table.grid{width:auto;min-width:100%}
        .grid th.client{position:sticky;left:0;background:#fff;z-index:1;min-width:10rem;max-width:16rem;font-weight:500}
        .grid thead th.client{background:#f6f8fa}
        .grid th.pol{min-width:9.5rem;max-width:14rem;vertical-align:bottom}
        .pname{display:block;font-family:ui-monospace,SFMono-Regular,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.78rem;overflow-wrap:anywhere}
        .count{display:block;font-size:.75rem;font-weight:600;margin-top:2px}
        .grid tr.family th{background:#eef1f4;font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);position:sticky;left:0}
        .grid td.cell{font-size:.85rem;white-space:nowrap;border-left:1px solid #fff}
        .grid td.cell small{display:block;font-family:ui-monospace,SFMono-Regular,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.72rem;opacity:.9}
        .grid td.ok{background:var(--ok-bg);color:var(--ok)}
        .grid td.no{background:var(--bad-bg);color:var(--bad);font-weight:600}
        .grid tr.why td{font-size:.8rem;color:var(--muted);padding:2px 8px 8px 2rem;border-bottom:1px solid var(--line)}
        .grid tr.row:has(+ tr.why) > *{border-bottom:none}
        .grid tr.why ul{margin:0;padding:0;list-style:none;position:sticky;left:2rem;max-width:min(72rem,calc(100vw - 5rem))}
        .sym{font-weight:700}
        ul.chips{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:6px}
        ul.chips li{padding:2px 10px;border-radius:14px;border:1px solid var(--line);font-size:.88rem}
        li.off{color:var(--muted);background:#f6f8fa}
        li.pq{border-color:#d8b9ff}
        .r-recommended{color:var(--ok)}.r-secure{color:var(--sec)}.r-weak{color:var(--warn)}.r-insecure{color:var(--bad)}.r-unrated{color:var(--muted)}
        ul.chips li.r-recommended,.badge.r-recommended{background:var(--ok-bg)}ul.chips li.r-secure,.badge.r-secure{background:var(--sec-bg)}
        ul.chips li.r-weak,.badge.r-weak,table.suites tr.r-weak{background:var(--warn-bg)}ul.chips li.r-insecure,.badge.r-insecure,table.suites tr.r-insecure{background:var(--bad-bg)}
        table.suites td{font-size:.88rem}
        .badge{display:inline-block;padding:0 8px;border-radius:10px;font-size:.8rem;font-weight:600;white-space:nowrap}
        ul.diff{list-style:none;padding:0;margin:0;columns:2 26rem}
        ul.diff li{padding:2px 6px;margin:0 0 3px;border-radius:4px;break-inside:avoid;overflow-wrap:anywhere}
        li.add{background:var(--ok-bg)}li.del{background:var(--bad-bg)}
        li.add > .sym{color:var(--ok)}li.del > .sym{color:var(--bad)}
        ul.findings{list-style:none;padding:0;margin:0}
        ul.findings li{padding:4px 0;border-bottom:1px solid var(--line)}
        .sev{display:inline-block;min-width:6.5rem;font-weight:700;font-size:.85rem}
        .s-critical .sev,.s-high .sev{color:var(--bad)}.s-medium .sev{color:var(--warn)}.s-low .sev{color:var(--sec)}.s-info .sev{color:var(--muted)}
        @media (max-width:640px){
          header{padding:12px 14px}header h1{font-size:1.1rem}
          main{padding:10px 8px 4px}
          section{padding:10px 10px;border-radius:8px}
          .grid th.client{min-width:7.5rem;max-width:9rem;font-size:.82rem}
          .grid th.pol{min-width:7rem}
          .grid td.ok small{display:none}
          .opt{display:none}
          .sev{min-width:0;display:block}
        }
        @media print{
          body{background:#fff;font-size:11px}
          *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
          header{border:none;padding:0 0 8px}
          main{max-width:none;padding:0}
          section{border:none;padding:0;margin:0 0 14px;break-inside:auto}
          .scroll{overflow:visible}
          .grid th.client,.grid tr.family th{position:static}
          tr{break-inside:avoid}
          h2,h3{break-after:avoid}
          pre.cmd{background:#fff;color:#000;border:1px solid #999}
        }
        """;
}
