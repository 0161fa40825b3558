using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using TlsDoctor.Capture;
using TlsDoctor.Cli.Commands;
using TlsDoctor.Cli.Json;

namespace TlsDoctor.Cli.Rendering;

/// <summary>
/// Output of `capture`: one line per recorded connection (text or JSON Lines), and the grouped report.
/// Called from the recorder's single writer thread.
/// </summary>
public sealed class CaptureRenderer(IAnsiConsole console, TextWriter stdout, bool json, CaptureVerdicts verdicts) : ICaptureObserver
{
    // One capture line per connection: never wrap it when redirected.
    public static IAnsiConsole CreateConsole(TextWriter stdout) => ConsoleFactory.For(stdout, redirectedWidth: 400);

    public void OnRecorded(CapturedHello hello)
    {
        var verdict = hello.Malformed is null ? verdicts.Evaluate(hello) : null;
        if (json)
        {
            stdout.WriteLine(CliJson.SerializeLine(ToJson(hello, verdict)));
            stdout.Flush();
            return;
        }
        var time = hello.Time.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        if (hello.Malformed is not null)
        {
            console.MarkupLine($"{time} {Markup.Escape(hello.Client),-22} [red]{Markup.Escape(hello.Malformed)}[/]");
            stdout.Flush();
            return;
        }
        var alpn = hello.Alpn.Count == 0 ? "-" : string.Join(',', hello.Alpn);
        var line = $"{time} {Markup.Escape(hello.Client),-22} {Markup.Escape(hello.ServerName ?? "(no SNI)"),-24} {Markup.Escape(alpn),-12} " +
                   $"{hello.MaxVersion ?? "?",-8} {hello.CipherSuiteCount,3} suites  ja3 {hello.Ja3}  {hello.Ja4}";
        if (hello.Transport == CaptureTransport.Quic) line += "  (QUIC)";
        if (verdict is not null) line += "  " + VerdictMarkup(verdict);
        console.MarkupLine(line);
        stdout.Flush();
    }

    public void RenderReport(string database, CaptureReport report)
    {
        var clients = report.Clients.Select(c => (Client: c, Verdict: verdicts.Evaluate(c.Example))).ToList();
        if (json)
        {
            var document = new CaptureReportJson(database, report.Total,
                clients.Select(c => new CaptureClientJson(c.Client.Ja4, c.Client.Ja4R, c.Client.Count, Iso(c.Client.FirstSeen), Iso(c.Client.LastSeen),
                    c.Client.Versions, c.Client.ServerNames, c.Client.Alpn, c.Client.Ja3, c.Client.Clients, c.Verdict) { Profiles = c.Client.Profiles }).ToList(),
                report.Malformed);
            stdout.WriteLine(JsonSerializer.Serialize(document, CliJsonContext.Default.CaptureReportJson));
            return;
        }
        console.MarkupLine($"[bold]{Markup.Escape(database)}[/]: {report.Total} connections, {report.Clients.Count} distinct clients (JA4)");
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var h in new[] { "JA4", "client", "count", "first seen", "last seen", "versions", "SNI", "ALPN", "policies" }) table.AddColumn(h);
        foreach (var (c, v) in clients)
        {
            table.AddRow(
                Markup.Escape(c.Ja4),
                Markup.Escape(ProfileNames(c.Profiles)),
                c.Count.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(Short(c.FirstSeen)),
                Markup.Escape(Short(c.LastSeen)),
                Markup.Escape(string.Join(' ', c.Versions)),
                Markup.Escape(Join(c.ServerNames, 3)),
                Markup.Escape(Join(c.Alpn, 2)),
                v is null ? "-" : VerdictMarkup(v));
        }
        console.Write(table);
        if (report.Malformed.Count > 0)
            console.MarkupLine("[red]not recorded as hellos:[/] " + Markup.Escape(string.Join(", ", report.Malformed.Select(kv => $"{kv.Key} ×{kv.Value}"))));
    }

    public static CaptureHelloJson ToJson(CapturedHello h, CaptureVerdictJson? verdict) => new(
        h.Id, Iso(h.Time), h.Client, h.Server, CaptureStore.TransportName(h.Transport), h.Source, h.ServerName, h.Alpn, h.Versions,
        h.CipherSuiteCount, h.Ja3, h.Ja3String, h.Ja4, h.Ja4R, h.Malformed, h.Raw is null ? null : Convert.ToHexStringLower(h.Raw), verdict);

    private static string VerdictMarkup(CaptureVerdictJson v)
    {
        var aws = $"accepted by {v.AwsAccepted} of {v.AwsTotal} AWS policies";
        var awsMarkup = v.AwsAccepted == 0 ? $"[red]{aws}[/]" : v.AwsAccepted == v.AwsTotal ? $"[green]{aws}[/]" : $"[yellow]{aws}[/]";
        if (v.Policy is null) return awsMarkup;
        return v.Accepted == true
            ? $"[green]{Markup.Escape(v.Policy)}: {Markup.Escape(v.Version ?? "")} {Markup.Escape(v.CipherSuite ?? "")}[/]"
            : $"[red]{Markup.Escape(v.Policy)}: refused ({Markup.Escape(v.Reason ?? "")})[/]";
    }

    /// <summary>"curl (JA4)", "Java 7u25 (cipher suites)", "-" when no profile matches.</summary>
    private static string ProfileNames(IReadOnlyList<TlsDoctor.Capture.ProfileMatch> profiles) =>
        profiles.Count == 0 ? "-" : Join(profiles.Select(p => p.Name).ToList(), 2) + $" ({profiles[0].By})";

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Short(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Join(IReadOnlyList<string> values, int max) =>
        values.Count == 0 ? "-" : string.Join(", ", values.Take(max)) + (values.Count > max ? $" +{values.Count - max}" : "");
}
