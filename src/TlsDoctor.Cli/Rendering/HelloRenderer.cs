using Spectre.Console;
using TlsDoctor.Cli.Json;

namespace TlsDoctor.Cli.Rendering;

/// <summary>Terminal rendering of a decoded hello: one line per field, lists with hex code and registry name.</summary>
public static class HelloRenderer
{
    public static void Render(IAnsiConsole console, HelloJson hello)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string label, string value) => grid.AddRow(new Markup($"[bold]{Markup.Escape(label)}[/]"), new Markup(value));
        void Text(string label, string? value) { if (value is not null) Row(label, Markup.Escape(value)); }
        void List(string label, IReadOnlyList<CodeName>? items)
        {
            if (items is null || items.Count == 0) return;
            Row($"{label} ({items.Count})", string.Join("\n", items.Select(i => $"{i.Code}  {Colour(i.Name)}")));
        }

        Text("type", hello.Type);
        Text("framing", hello.Framing + (hello.RecordVersion is { } rv ? $" (record version {rv.Name})" : ""));
        Text("legacy_version", $"{hello.LegacyVersion.Code} {hello.LegacyVersion.Name}");
        if (hello.SelectedVersion is { } sv) Text("selected version", $"{sv.Code} {sv.Name}");
        if (hello.OfferedVersions is { Count: > 0 } ov) Text("offered versions", string.Join(", ", ov));
        Text("random", hello.Random);
        if (!string.IsNullOrEmpty(hello.SessionId)) Text("session id", hello.SessionId);
        if (hello.CipherSuite is { } cs) Text("cipher suite", $"{cs.Code} {cs.Name}");
        List("cipher suites", hello.CipherSuites);
        List("cipher specs", hello.CipherSpecs);
        Text("server name", hello.ServerName);
        List("supported versions", hello.SupportedVersions);
        List("supported groups", hello.SupportedGroups);
        if (hello.SelectedGroup is { } sg) Text("selected group", $"{sg.Code} {sg.Name}");
        if (hello.KeyShares is { Count: > 0 } ks) Row("key shares", Markup.Escape(string.Join("\n", ks.Select(k => $"{k.Code}  {k.Name} ({k.Length} bytes)"))));
        List("signature algorithms", hello.SignatureAlgorithms);
        List("signature algorithms cert", hello.SignatureAlgorithmsCert);
        if (hello.Alpn is { Count: > 0 } alpn) Text("ALPN", string.Join(", ", alpn));
        if (hello.Extensions is { } ext)
            Row($"extensions ({ext.Count})", Markup.Escape(string.Join("\n", ext.Select(e => $"{e.Code}  {e.Name} ({e.Length} bytes)"))));
        if (hello.DowngradeSentinel is { } ds && ds != "none") Row("downgrade sentinel", $"[yellow]{ds}[/]");
        if (hello.Anomalies.Count > 0)
            Row("anomalies", string.Join("\n", hello.Anomalies.Select(a => $"[yellow]{Markup.Escape(a.Kind)}[/] at {a.Offset}: {Markup.Escape(a.Description)}")));
        console.Write(grid);
    }

    private static string Colour(string name) =>
        name == "GREASE" ? "[grey]GREASE[/]" : name.StartsWith("unknown", StringComparison.Ordinal) ? $"[yellow]{Markup.Escape(name)}[/]" : Markup.Escape(name);
}
