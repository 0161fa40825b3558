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

    /// <summary>One row per suite, coloured by rating; <paramref name="numbered"/> adds the preference position (OpenSSL order).</summary>
    public static void RenderTable(IAnsiConsole console, IReadOnlyList<CipherSuiteJson> suites, bool numbered, string? caption = null)
    {
        var table = new Table().Border(TableBorder.Simple);
        if (numbered) table.AddColumn(new TableColumn("#").RightAligned());
        table.AddColumn("Code");
        table.AddColumn("IANA name");
        table.AddColumn("OpenSSL name");
        table.AddColumn("Min version");
        table.AddColumn("Kx");
        table.AddColumn("Au");
        table.AddColumn("Enc");
        table.AddColumn("Mac");
        table.AddColumn("Flags");
        table.AddColumn("Rating");
        int n = 0;
        foreach (var s in suites)
        {
            var colour = RatingColour(s.Rating);
            var cells = new List<IRenderable>();
            if (numbered) cells.Add(new Text((++n).ToString()));
            cells.Add(new Text(s.Code));
            cells.Add(new Text(s.Iana ?? s.Name, new Style(s.Iana is null ? Color.Grey : Color.Default)));
            cells.Add(new Text(s.Openssl ?? "-"));
            cells.Add(new Text(s.Protocol ?? "-"));
            cells.Add(new Text(s.Kx));
            cells.Add(new Text(s.Auth));
            cells.Add(new Text(s.Enc.Length == 0 ? "-" : s.Enc == "None" ? "None" : $"{s.Enc}({s.Bits})"));
            cells.Add(new Text(s.Mac.Length == 0 ? "-" : s.Mac));
            cells.Add(new Text(Flags(s)));
            cells.Add(new Markup($"[{colour}]{Markup.Escape(s.Rating ?? "-")}[/]"));
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
        Row("Why", s.Vulnerabilities.Count == 0 ? "no known weakness" : string.Join(", ", s.Vulnerabilities));
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
