using Spectre.Console;
using TlsDoctor.Cli.Json;
using TlsDoctor.Registry;
using TlsDoctor.Scanning;

namespace TlsDoctor.Cli.Rendering;

/// <summary>The terminal and JSON views of one probe.</summary>
public static class ProbeRenderer
{
    public static void Render(IAnsiConsole console, ProbeReport report)
    {
        var t = report.Target;
        var offered = report.Offer.Version == TlsVersion.Tls13 && report.Offer.SupportedVersions is { } sv
            ? string.Join("/", sv.Select(v => v.Name)) : report.Offer.Version.Name;
        console.MarkupLine($"[bold]{Markup.Escape(ScanRenderer.Endpoint(t))}[/] ({Markup.Escape(t.Ip ?? "unresolved")}, {Markup.Escape(t.Sni is null ? "no SNI" : "SNI " + t.Sni)})  " +
                           $"[grey]offered {Markup.Escape(offered)}, {Plural.Count(report.Offer.CipherSuites.Count, "suite")}, {Plural.Count(report.Offer.Groups.Count, "group")}; {report.Stats.DurationMs} ms[/]");
        if (report.Outcome.Failure is { } failure)
        {
            console.MarkupLine($"[red]{Markup.Escape(failure.Message)}[/]");
            return;
        }
        var a = report.Outcome.Answer!;
        if (a.Version == TlsVersion.SSLv2)
        {
            console.MarkupLine($"Protocol  [red]SSLv2[/]");
            console.MarkupLine($"Ciphers   {Markup.Escape(string.Join(", ", report.Sslv2CipherKinds.Select(Sslv2CipherKinds.Describe)))}");
        }
        else
        {
            var suite = CipherSuites.Find(a.CipherSuite);
            console.MarkupLine($"Protocol  {(a.Version >= TlsVersion.Tls12 ? "[green]" : "[red]")}{a.Version.Name}[/]{(a.IsHelloRetryRequest ? " [grey](HelloRetryRequest)[/]" : "")}");
            console.MarkupLine($"Cipher    [{RatingStyle.For(suite?.Rating)}]{Markup.Escape(suite?.OpenSslName ?? CipherSuites.Describe(a.CipherSuite))}[/] " +
                               $"[grey]{Codepoint.Format(a.CipherSuite)} {Markup.Escape(suite?.IanaName ?? "")} {RatingStyle.Name(suite?.Rating)}[/]");
            if (a.Group is { } g) console.MarkupLine($"Group     {Markup.Escape(Groups.Describe(g))} [grey]{Codepoint.Format(g)}[/]");
            if (a.DhPrimeBits is { } bits) console.MarkupLine($"DH prime  {bits} bits");
            if (a.SignatureScheme is { } s) console.MarkupLine($"Signature {Markup.Escape(SignatureSchemes.Describe(s))}");
            if (a.Alpn is { } alpn) console.MarkupLine($"ALPN      {Markup.Escape(alpn)}");
        }
        if (report.Certificate is { } c)
            console.MarkupLine($"Certificate {Markup.Escape(c.Subject)} [grey]({Markup.Escape(c.KeyType)} {c.KeyBits}, issuer {Markup.Escape(c.Issuer)}, until {c.NotAfter:yyyy-MM-dd})[/]");
        else if (a.Version == TlsVersion.Tls13)
            console.MarkupLine("[grey]Certificate: encrypted in TLS 1.3 (use scan for the certificate)[/]");
    }

    public static ProbeDocument ToDocument(ProbeReport r)
    {
        static CodeName Suite(ushort c) => new(Codepoint.Format(c), CipherSuites.Find(c)?.IanaName ?? CipherSuites.Describe(c));
        static CodeName Group(ushort g) => new(Codepoint.Format(g), Groups.Describe(g));
        var offered = r.Offer.Version == TlsVersion.Tls13 && r.Offer.SupportedVersions is { } sv ? string.Join(",", sv.Select(v => v.Name)) : r.Offer.Version.Name;
        ProbeNegotiated? negotiated = r.Outcome.Answer is { } a
            ? new ProbeNegotiated(a.Version.Name, Suite(a.CipherSuite), a.Group is { } g ? Group(g) : null, a.IsHelloRetryRequest, a.Alpn)
            : null;
        return new ProbeDocument(ProbeDocument.CurrentSchema, r.Target, offered,
            r.Offer.CipherSuites.Select(Suite).ToList(), r.Offer.Groups.Select(Group).ToList(), negotiated, r.Outcome.Failure, r.Certificate, r.Stats);
    }
}
