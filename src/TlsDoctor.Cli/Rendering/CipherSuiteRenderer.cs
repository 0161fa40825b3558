using Spectre.Console;
using Spectre.Console.Rendering;
using TlsDoctor.Cli.Json;
using TlsDoctor.Registry;

namespace TlsDoctor.Cli.Rendering;

/// <summary>Terminal output of `tlsdoctor ciphers`: a table of suites, or every attribute of one suite.</summary>
public static class CipherSuiteRenderer
{
    private static string RatingColour(string? rating) =>
        RatingStyle.For(Enum.TryParse<Rating>(rating, ignoreCase: true, out var r) ? r : null);

    private sealed record Column(string Header, Func<CipherSuiteJson, string> Cell, bool Optional = false, bool RightAligned = false);

    /// <summary>
    /// One row per suite, coloured by rating; <paramref name="numbered"/> adds the preference position (OpenSSL order).
    /// The OpenSSL name, the flags and the GnuTLS name are shown, in that order of priority, when the console is wide enough.
    /// </summary>
    public static void RenderTable(IAnsiConsole console, IReadOnlyList<CipherSuiteJson> suites, bool numbered, string? caption = null)
    {
        var columns = new List<Column>();
        if (numbered) columns.Add(new("#", _ => "", RightAligned: true));
        columns.Add(new("Code", s => s.Code));
        columns.Add(new("IANA name", s => s.Iana ?? s.Name));
        columns.Add(new("OpenSSL name", s => s.Openssl ?? "-", Optional: true));
        columns.Add(new("GnuTLS name", s => s.Gnutls ?? "-", Optional: true));
        columns.Add(new("Since", s => s.Protocol ?? "-"));
        columns.Add(new("Kx/Au", s => s.Kx == s.Auth || s.Auth.Length == 0 ? s.Kx : $"{s.Kx}/{s.Auth}"));
        columns.Add(new("Enc", s => s.Enc.Length == 0 ? "-" : s.Enc == "None" ? "None" : $"{s.Enc}({s.Bits})"));
        columns.Add(new("Mac", s => s.Mac.Length == 0 ? "-" : s.Mac));
        columns.Add(new("Flags", Flags, Optional: true));
        columns.Add(new("Rating", s => s.Rating ?? "-"));

        int Width(Column c) => 2 + Math.Max(c.Header.Length, suites.Count == 0 ? 0 : c.Header == "#" ? suites.Count.ToString().Length : suites.Max(s => c.Cell(s).Length));
        var shown = columns.Where(c => !c.Optional).ToList();
        int total = shown.Sum(Width) + 2;
        foreach (var header in new[] { "OpenSSL name", "Flags", "GnuTLS name" })
        {
            var c = columns.Single(x => x.Header == header);
            if (total + Width(c) <= console.Profile.Width) { shown.Add(c); total += Width(c); }
        }
        shown = columns.Where(shown.Contains).ToList();

        var table = new Table().Border(TableBorder.Minimal);
        foreach (var c in shown)
        {
            var column = new TableColumn(new Text(c.Header, new Style(decoration: Decoration.Bold))).Padding(0, 0, 1, 0);
            if (c.RightAligned) column.RightAligned();
            if (c.Header is "IANA name" or "Code") column.NoWrap();
            table.AddColumn(column);
        }
        int n = 0;
        foreach (var s in suites)
        {
            n++;
            var cells = new List<IRenderable>();
            foreach (var c in shown)
                cells.Add(c.Header switch
                {
                    "#" => new Text(n.ToString()),
                    "Rating" => new Markup($"[{RatingColour(s.Rating)}]{Markup.Escape(c.Cell(s))}[/]"),
                    "IANA name" when s.Iana is null => new Text(c.Cell(s), new Style(Color.Grey)),
                    _ => new Text(c.Cell(s)),
                });
            table.AddRow(cells);
        }
        if (caption is not null) table.Caption(caption);
        console.Write(table);
        console.MarkupLine(Summary(suites));
    }

    /// <summary>Every name and attribute of one suite.</summary>
    public static void RenderDetail(IAnsiConsole console, CipherSuiteJson s)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string label, string? value) => grid.AddRow(new Text(label, new Style(Color.Grey)), new Text(value ?? "-"));
        Row("Code", s.Code);
        Row("IANA name", s.Iana is null ? $"(not IANA-registered; known as {s.Name})" : s.Iana);
        Row("OpenSSL name", s.Openssl);
        if (s.OpensslAlt is not null) Row("OpenSSL (older)", s.OpensslAlt);
        Row("GnuTLS name", s.Gnutls);
        Row("Minimum protocol", s.Protocol);
        Row("Key exchange", s.Kx);
        Row("Authentication", s.Auth);
        Row("Encryption", s.Enc.Length == 0 ? null : $"{s.Enc} ({s.Bits} bits)");
        Row("MAC", s.Mac);
        Row("Flags", Flags(s) is { Length: > 0 } f ? f : "none");
        if (s.IanaRecommended is not null) Row("IANA recommended", s.IanaRecommended switch { "Y" => "yes", "N" => "no", "D" => "discouraged", var x => x });
        grid.AddRow(new Text("Rating", new Style(Color.Grey)), new Markup($"[{RatingColour(s.Rating)}]{Markup.Escape(s.Rating ?? "none (signalling value)")}[/]"));
        // Each weakness with its severity in words (the JSON's "Name(2)" form counts it: 2 high, 1 medium, 0 low).
        Row("Why", s.Vulnerabilities.Count == 0 ? "no known weakness"
            : string.Join(", ", s.Vulnerabilities.Select(v => Vulnerability.Parse(v)?.Describe() ?? v)));
        console.Write(new Panel(grid).Header(Markup.Escape(s.Iana ?? s.Name)).Border(BoxBorder.Rounded));
    }

    private static string Flags(CipherSuiteJson s) =>
        string.Join(' ', new[] { s.Aead ? "AEAD" : null, s.Pfs ? "PFS" : null, s.Export ? "EXPORT" : null }.OfType<string>());

    private static string Summary(IReadOnlyList<CipherSuiteJson> suites)
    {
        var parts = suites.GroupBy(s => s.Rating ?? "unrated")
            .OrderBy(g => g.Key switch { "recommended" => 0, "secure" => 1, "weak" => 2, "insecure" => 3, _ => 4 })
            .Select(g => $"[{RatingColour(g.Key)}]{g.Count()} {g.Key}[/]");
        return $"{suites.Count} cipher suite{(suites.Count == 1 ? "" : "s")}" + (suites.Count > 0 ? ": " + string.Join(", ", parts) : "");
    }
}
