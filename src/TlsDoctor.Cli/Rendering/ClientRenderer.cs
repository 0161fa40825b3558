using Spectre.Console;
using TlsDoctor.Clients;
using TlsDoctor.Registry;

namespace TlsDoctor.Cli.Rendering;

/// <summary>Terminal output of <c>clients list|show</c>.</summary>
public static class ClientRenderer
{
    public static void RenderList(IAnsiConsole console, IReadOnlyList<ClientProfile> clients)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumn("Client").AddColumn("Name").AddColumn("Status")
            .AddColumn("Protocols").AddColumn(new TableColumn("Suites").RightAligned()).AddColumn("Groups").AddColumn("SNI");
        foreach (var c in clients)
            table.AddRow(new Text(c.Id), new Text(c.Name), new Markup(StatusMarkup(c.Status)),
                new Text(c.Offer.Versions.Count == 1 ? c.Offer.Versions[0].Name : $"{c.Offer.MinVersion.Name}–{c.Offer.MaxVersion.Name}"),
                new Text(c.Offer.CipherSuites.Count.ToString()),
                new Text(c.Offer.Groups.Count == 0 ? "-" : c.Offer.Groups.Any(g => Groups.Find(g)?.IsPostQuantum == true) ? $"{c.Offer.Groups.Count} (PQ)" : c.Offer.Groups.Count.ToString()),
                new Text(c.SendsSni ? "yes" : "no"));
        console.Write(table);
        console.MarkupLine($"{clients.Count} clients. 'tlsdoctor clients show ID' for details.");
    }

    public static void RenderShow(IAnsiConsole console, ClientProfile c)
    {
        var o = c.Offer;
        console.MarkupLine($"[bold]{Markup.Escape(c.Name)}[/]  ({Markup.Escape(c.Id)}, {Markup.Escape(c.Family)}, {StatusMarkup(c.Status)})");
        console.MarkupLine($"Protocols:  {string.Join(" ", o.Versions.Select(v => v.Name))}");
        console.MarkupLine($"SNI:        {(c.SendsSni ? "sent" : "not sent")}{(c.SendsSslv2Hello ? "   [yellow]SSLv2-compatible ClientHello[/]" : "")}{(c.UsesGrease ? "   GREASE (left out below)" : "")}");
        console.MarkupLine($"Groups:     {Markup.Escape(o.Groups.Count == 0 ? "(no supported_groups extension)" : string.Join(", ", o.Groups.Select(Groups.Describe)))}");
        if (o.KeyShares.Count > 0) console.MarkupLine($"Key shares: {Markup.Escape(string.Join(", ", o.KeyShares.Select(Groups.Describe)))}");
        console.MarkupLine($"Signatures: {Markup.Escape(o.SignatureAlgorithms.Count == 0 ? "(no signature_algorithms extension)" : string.Join(", ", o.SignatureAlgorithms.Select(SignatureSchemes.Describe)))}");
        if (o.Alpn.Count > 0) console.MarkupLine($"ALPN:       {Markup.Escape(string.Join(", ", o.Alpn))}");
        var table = new Table().Border(TableBorder.Simple).AddColumn(new TableColumn("#").RightAligned()).AddColumn("Code").AddColumn("Suite").AddColumn("Rating");
        var i = 1;
        foreach (var code in o.CipherSuites)
            table.AddRow(new Text((i++).ToString()), new Text(Codepoint.Format(code)), new Text(CipherSuites.Describe(code)),
                new Markup(PolicyRenderer.RatingMarkup(CipherSuites.Find(code)?.Rating)));
        console.Write(table);
        if (c.Notes is not null) console.MarkupLine($"[grey]Notes:[/] {Markup.Escape(c.Notes)}");
        console.MarkupLine($"[grey]Source:[/] {Markup.Escape(c.Source)}");
    }

    private static string StatusMarkup(ClientStatus s) => s switch
    {
        ClientStatus.Common => "[green]common[/]",
        ClientStatus.Dated => "dated",
        _ => "[yellow]legacy[/]",
    };
}
