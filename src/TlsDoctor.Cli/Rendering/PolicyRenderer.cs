using Spectre.Console;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;
using TlsDoctor.Registry;

namespace TlsDoctor.Cli.Rendering;

/// <summary>Terminal output of <c>policies list|show|diff|export</c>.</summary>
public static class PolicyRenderer
{
    public static void RenderList(IAnsiConsole console, IReadOnlyList<ServerPolicy> policies)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("Policy").AddColumn("Provider").AddColumn("LB").AddColumn("Protocols")
            .AddColumn(new TableColumn("Suites (1.3+older)").RightAligned()).AddColumn("Flags");
        foreach (var p in policies)
            table.AddRow(
                new Markup(Markup.Escape(p.Id) + (p.IsDefault ? " [green]*[/]" : "")),
                new Text(p.Provider),
                new Text(p.LoadBalancers.Count == 0 ? "-" : string.Join(",", p.LoadBalancers)),
                new Markup(ProtocolRange(p)),
                new Markup(SuiteCounts(p)),
                new Markup(Flags(p)));
        console.Write(table);
        console.MarkupLine($"{policies.Count} policies. [green]*[/] = a documented default; [yellow]?[/]/[yellow]unknown[/] = no source gives it (never guessed). 'tlsdoctor policies show NAME' for details.");
    }

    public static void RenderShow(IAnsiConsole console, ServerPolicy p)
    {
        console.MarkupLine($"[bold]{Markup.Escape(p.Id)}[/]  ({Markup.Escape(p.Provider)}{(p.LoadBalancers.Count > 0 ? ": " + string.Join(", ", p.LoadBalancers) : "")}{(p.Category is null ? "" : ", " + Markup.Escape(p.Category))})");
        if (p.DefaultNote is not null) console.MarkupLine($"[green]Default:[/] {Markup.Escape(p.DefaultNote)}");
        console.MarkupLine($"Protocols:  {ProtocolList(p)}");
        console.MarkupLine($"Order:      {(p.ServerOrder ? "the server's suite order wins" : "the client's suite order wins")}{(p.Unknown.HasFlag(PolicyUnknowns.CipherOrder) ? " [yellow](documented membership only; the priority order is unknown)[/]" : "")}");
        console.MarkupLine($"Groups:     {GroupList(p.Groups)}{(p.Groups is not null && p.Unknown.HasFlag(PolicyUnknowns.Groups) ? " [yellow](partial: the sources state only these)[/]" : "")}");
        if (p.ImplementationGroups is { } impl) console.MarkupLine($"            [grey]s2n-tls implementation: {Markup.Escape(string.Join(", ", impl.Select(Groups.Describe)))}[/]");
        console.MarkupLine($"FIPS: {(p.IsFips ? "yes" : "no")}   Post-quantum: {(p.IsPostQuantum ? "yes" : "no")}   Confidence: {ConfidenceMarkup(p.Confidence)}");
        if (p.AliasOf is not null) console.MarkupLine($"Alias of:   {Markup.Escape(p.AliasOf)}");
        else if (p.Aliases.Count > 0) console.MarkupLine($"Aliases:    {Markup.Escape(string.Join(", ", p.Aliases))}");
        if (p.ClassicalCounterpart is not null) console.MarkupLine($"Classical twin (by name): {Markup.Escape(p.ClassicalCounterpart)}");

        var table = new Table().Border(TableBorder.Simple).AddColumn(new TableColumn("#").RightAligned()).AddColumn("Code").AddColumn("IANA name")
            .AddColumn("OpenSSL name").AddColumn("From").AddColumn("Rating");
        var i = 1;
        foreach (var code in p.CipherSuites)
        {
            var s = CipherSuites.Find(code);
            table.AddRow(new Text((i++).ToString()), new Text(Codepoint.Format(code)), new Text(s?.IanaName ?? CipherSuites.Describe(code)),
                new Text(s?.OpenSslName ?? "-"), new Text(s?.MinProtocol?.Name ?? "?"), new Markup(RatingMarkup(s?.Rating)));
        }
        if (p.CipherSuites.Count > 0) console.Write(table);
        if (p.Unknown.HasFlag(PolicyUnknowns.Tls13CipherSuites)) console.MarkupLine("[yellow]TLS 1.3 suites: unknown[/] (no source gives them; TlsDoctor does not guess)");
        if (p.Unknown.HasFlag(PolicyUnknowns.Tls12CipherSuites)) console.MarkupLine("[yellow]TLS 1.0–1.2 suites: unknown[/] (no source gives them; TlsDoctor does not guess)");
        if (p.Notes is not null) console.MarkupLine($"[grey]Notes:[/] {Markup.Escape(p.Notes)}");
        foreach (var s in p.Sources) console.MarkupLine($"[grey]Source:[/] {Markup.Escape(s)}");
    }

    public static void RenderDiff(IAnsiConsole console, PolicyDifference d)
    {
        console.MarkupLine($"[bold]{Markup.Escape(d.From.Id)}[/] → [bold]{Markup.Escape(d.To.Id)}[/]");
        if (d.IsIdentical) console.MarkupLine("[green]Identical[/] protocols, suites, order and groups.");
        foreach (var v in d.ProtocolsAdded) console.MarkupLine($"[green]+ protocol {v.Name}[/]");
        foreach (var v in d.ProtocolsRemoved) console.MarkupLine($"[red]- protocol {v.Name}[/]");
        foreach (var c in d.SuitesAdded) console.MarkupLine($"[green]+ {Codepoint.Format(c)} {Markup.Escape(CipherSuites.Describe(c))}[/]");
        foreach (var c in d.SuitesRemoved) console.MarkupLine($"[red]- {Codepoint.Format(c)} {Markup.Escape(CipherSuites.Describe(c))}[/]");
        if (d.OrderChanged) console.MarkupLine("[yellow]~ the suites both share are in a different order[/]");
        if (d.From.ServerOrder != d.To.ServerOrder) console.MarkupLine($"[yellow]~ {(d.To.ServerOrder ? "the server's" : "the client's")} suite order wins in {Markup.Escape(d.To.Id)}[/]");
        foreach (var g in d.GroupsAdded ?? []) console.MarkupLine($"[green]+ group {Markup.Escape(Groups.Describe(g))}[/]");
        foreach (var g in d.GroupsRemoved ?? []) console.MarkupLine($"[red]- group {Markup.Escape(Groups.Describe(g))}[/]");
        if (d.Unknown.HasFlag(PolicyUnknowns.Tls12CipherSuites) || d.Unknown.HasFlag(PolicyUnknowns.Tls13CipherSuites) || d.Unknown.HasFlag(PolicyUnknowns.Protocols))
            console.MarkupLine("[yellow]Incomplete:[/] one side has protocols or suites no source gives; differences there are not shown.");
        if (d.GroupsAdded is null) console.MarkupLine("[grey]Groups not compared: at least one side does not state them.[/]");
    }

    private static string ProtocolRange(ServerPolicy p) =>
        p.Unknown.HasFlag(PolicyUnknowns.Protocols) ? "[yellow]unknown[/]"
        : p.Versions.Count == 1 ? p.Versions[0].Name : $"{p.MinVersion.Name}–{p.MaxVersion.Name}";

    private static string ProtocolList(ServerPolicy p) =>
        p.Unknown.HasFlag(PolicyUnknowns.Protocols) ? "[yellow]unknown[/]" : string.Join(" ", p.Versions.Select(v => v.Name));

    private static string SuiteCounts(ServerPolicy p)
    {
        var t13 = p.Unknown.HasFlag(PolicyUnknowns.Tls13CipherSuites) ? "[yellow]?[/]" : p.CipherSuites.Count(c => CipherSuites.Find(c)?.IsTls13 == true).ToString();
        var older = p.Unknown.HasFlag(PolicyUnknowns.Tls12CipherSuites) ? "[yellow]?[/]" : p.CipherSuites.Count(c => CipherSuites.Find(c)?.IsTls13 != true).ToString();
        return $"{t13}+{older}";
    }

    private static string Flags(ServerPolicy p)
    {
        var flags = new List<string>();
        if (p.IsFips) flags.Add("FIPS");
        if (p.IsPostQuantum) flags.Add("PQ");
        if (!p.ServerOrder) flags.Add("client-order");
        if (p.AliasOf is not null) flags.Add("alias");
        if (p.Unknown.HasFlag(PolicyUnknowns.Tls12CipherSuites) || p.Unknown.HasFlag(PolicyUnknowns.Tls13CipherSuites)) flags.Add("[yellow]suites unknown[/]");
        if (p.Confidence != PolicyConfidence.High) flags.Add(ConfidenceMarkup(p.Confidence) + " confidence");
        return string.Join(" ", flags);
    }

    private static string GroupList(IReadOnlyList<ushort>? groups) =>
        groups is null ? "[yellow]not stated by the sources[/]" : Markup.Escape(string.Join(", ", groups.Select(Groups.Describe)));

    private static string ConfidenceMarkup(PolicyConfidence c) => c switch
    {
        PolicyConfidence.High => "[green]high[/]",
        PolicyConfidence.Medium => "[yellow]medium[/]",
        _ => "[red]low[/]",
    };

    public static string RatingMarkup(Rating? r) => r switch
    {
        Rating.Recommended => "[green]recommended[/]",
        Rating.Secure => "[cyan]secure[/]",
        Rating.Weak => "[yellow]weak[/]",
        Rating.Insecure => "[red]insecure[/]",
        _ => "-",
    };
}
