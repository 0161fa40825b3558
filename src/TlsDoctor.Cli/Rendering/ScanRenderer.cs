using Spectre.Console;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using TlsDoctor.Scanning;

namespace TlsDoctor.Cli.Rendering;

/// <summary>The terminal view of one endpoint's scan, laid out the way sslscan users read it.</summary>
public static class ScanRenderer
{
    /// <summary>
    /// One suite per row: code, OpenSSL name, IANA name, bits, rating. Names are never broken: on a narrower console the IANA
    /// name goes under the OpenSSL name, and narrower still each suite takes two lines of its own.
    /// </summary>
    private static void WriteSuites(IAnsiConsole console, IReadOnlyList<CipherResult> ciphers)
    {
        var wide = new Table().NoBorder().HideHeaders();
        wide.AddColumn("code"); wide.AddColumn("openssl"); wide.AddColumn("iana"); wide.AddColumn("bits", c => c.RightAligned()); wide.AddColumn("rating");
        var stacked = new Table().NoBorder().HideHeaders();
        stacked.AddColumn("code"); stacked.AddColumn("names"); stacked.AddColumn("bits", c => c.RightAligned()); stacked.AddColumn("rating");
        foreach (var c in ciphers)
        {
            var style = RatingStyle.For(c.Rating);
            var openssl = $"[{style}]{Markup.Escape(c.OpenSsl ?? "-")}[/]";
            var rating = $"[{style}]{RatingStyle.Name(c.Rating)}[/]";
            wide.AddRow(new Markup($"  [grey]{c.Code}[/]"), new Markup(openssl), new Markup(Markup.Escape(c.Iana ?? "-")), new Markup(c.Bits.ToString()), new Markup(rating));
            stacked.AddRow(new Markup($"  [grey]{c.Code}[/]"), new Markup($"{openssl}\n[grey]{Markup.Escape(c.Iana ?? "-")}[/]"), new Markup(c.Bits.ToString()), new Markup(rating));
        }
        if (TableFit.TryFit(console, wide)) { console.Write(wide); return; }
        TableFit.Write(console, stacked, () =>
        {
            foreach (var c in ciphers)
            {
                var style = RatingStyle.For(c.Rating);
                console.MarkupLine($"  [grey]{c.Code}[/] [{style}]{Markup.Escape(c.OpenSsl ?? "-")}[/] {c.Bits} [{style}]{RatingStyle.Name(c.Rating)}[/]");
                console.MarkupLine($"    [grey]{Markup.Escape(c.Iana ?? "-")}[/]");
            }
        });
    }

    public static void Render(IAnsiConsole console, ScanResult scan, IReadOnlyList<PolicyMatch> policyMatches)
    {
        var t = scan.Target;
        var sni = t.Sni is null ? "no SNI" : $"SNI {t.Sni}";
        console.MarkupLine($"[bold]{Markup.Escape(Endpoint(t))}[/] ({Markup.Escape(t.Ip ?? "unresolved")}, {Markup.Escape(sni)})  " +
                           $"[grey]{(scan.Failure is null ? Plural.Count(scan.Stats.Handshakes, "handshake") : $"no handshake ({Plural.Count(scan.Stats.Handshakes, "attempt")})")}, {scan.Stats.DurationMs} ms[/]");
        if (scan.Failure is { } failure)
        {
            console.MarkupLine($"  [red]{Markup.Escape(failure.Message)}[/]");
            console.WriteLine();
            return;
        }

        console.MarkupLine("[bold]Protocols[/]");
        foreach (var p in scan.Protocols)
        {
            var good = p.Version >= TlsVersion.Tls12;
            var state = p.Supported
                ? $"[{(good ? "green" : "red")}]enabled[/]"
                : p.Determined ? $"[{(good ? "yellow" : "green")}]disabled[/]" : "[grey]unknown[/]";
            var why = !p.Supported && p.Refusal is { } r ? $" [grey]({Markup.Escape(r)})[/]" : "";
            if (p.Supported && p.Incomplete is not null) state += " [yellow](incomplete)[/]";
            console.MarkupLine($"  {p.Name,-8} {state}{why}");
        }

        foreach (var p in scan.Protocols.Where(p => p.Supported && p.Ciphers.Count > 0).Reverse())
        {
            var order = p.Version == TlsVersion.SSLv2 ? "as listed in the SERVER-HELLO"
                : p.ServerOrder switch { true => p.ChaChaPriority ? "server order, ChaCha20 first for clients that prefer it" : "server order", false => "client order", _ => p.Ciphers.Count < 2 ? "one suite" : "order undetermined" };
            console.MarkupLine($"[bold]{p.Name} {(p.Version == TlsVersion.SSLv2 ? "cipher kinds" : "suites")}[/] [grey]({p.Ciphers.Count}, {order})[/]");
            WriteSuites(console, p.Ciphers);
        }

        if (scan.Protocols.FirstOrDefault(p => p.Version == TlsVersion.SSLv2) is { Supported: true, Ciphers.Count: 0 })
            console.MarkupLine("[bold]SSLv2[/] [red]accepted[/]");

        if (scan.Groups.Count > 0)
        {
            console.MarkupLine("[bold]Groups[/]");
            foreach (var g in scan.Groups)
                console.MarkupLine($"  {Markup.Escape(g.Name),-22} [grey]{g.Code}  {string.Join(", ", g.Protocols)}{(g.PostQuantum ? "  post-quantum hybrid" : "")}[/]");
        }
        if (scan.Features.DhPrimeBits.Count > 0)
            console.MarkupLine($"[bold]DHE primes[/] {string.Join(", ", scan.Features.DhPrimeBits.Select(b => $"{b} bits"))}");
        if (scan.SignatureAlgorithms.Count > 0)
            console.MarkupLine($"[bold]Signature algorithms used[/] {Markup.Escape(string.Join(", ", scan.SignatureAlgorithms))}");
        if (scan.SignatureAlgorithmsAccepted is { } accepted)
        {
            console.MarkupLine("[bold]Signature algorithms accepted[/]");
            foreach (var a in accepted)
            {
                var schemes = a.Values.Select(v => SignatureSchemes.Find(v) is { } known
                    ? $"[{(known.IsIanaRecommended ? "green" : "yellow")}]{Markup.Escape(known.Name)}[/]"
                    : Markup.Escape(SignatureSchemes.Describe(v))).ToList();
                var list = schemes.Count > 0 ? string.Join(", ", schemes) : "[grey]none[/]";
                console.MarkupLine($"  {a.Protocol,-8} {Markup.Escape(a.Certificate),-6} {list}{(a.Note is { } n ? $" [grey]({Markup.Escape(n)})[/]" : "")}");
            }
        }

        foreach (var c in scan.Certificates)
        {
            console.MarkupLine($"[bold]Certificate ({Markup.Escape(c.PresentedFor)})[/] {Markup.Escape(c.Subject)}");
            console.MarkupLine($"  SANs       {Markup.Escape(string.Join(", ", c.SubjectAltNames))}");
            console.MarkupLine($"  Issuer     {Markup.Escape(c.Issuer)}");
            var weakKey = (c.KeyType == "RSA" && c.KeyBits < 2048) || (c.KeyType == "EC" && c.KeyBits < 224);
            console.MarkupLine($"  Key        [{(weakKey ? "red" : "green")}]{Markup.Escape(c.KeyType)} {c.KeyBits}{(c.Curve is { } cv ? " " + Markup.Escape(cv) : "")}[/], signed {Markup.Escape(c.SignatureAlgorithm)}");
            console.MarkupLine($"  Validity   [{(c.Expired ? "red" : "green")}]{c.NotBefore:yyyy-MM-dd} to {c.NotAfter:yyyy-MM-dd}[/]");
            var name = c.HostnameMatches switch { true => "[green]matches[/]", false => "[red]does not match[/]", _ => "[grey]not checked[/]" };
            console.MarkupLine($"  Name       {name}; chain of {c.ChainLength} {(c.ChainInOrder ? "[green]in order[/]" : "[yellow]out of order[/]")}; " +
                               (c.Trusted ? "[green]trusted[/]" : $"[red]not trusted[/] [grey]({Markup.Escape(string.Join("; ", c.TrustProblems.Take(2)))})[/]"));
        }

        var f = scan.Features;
        console.MarkupLine("[bold]Features[/]");
        // What is measured is the RFC 5746 extension in the ServerHello; whether the server accepts a renegotiation the client
        // starts (what sslscan's "Session renegotiation" line reports) is not tested, and saying so keeps the two from reading
        // as a contradiction.
        console.MarkupLine($"  secure renegotiation extension (RFC 5746) {YesNo(f.SecureRenegotiation, true)} [grey](client-initiated renegotiation not tested)[/]");
        console.MarkupLine($"  compression {YesNo(f.Compression, false)}, " +
                           $"fallback SCSV {YesNo(f.FallbackScsv, true)}, session tickets {YesNo(f.SessionTickets, null)}, extended master secret {YesNo(f.ExtendedMasterSecret, true)}");
        console.MarkupLine($"  OCSP stapling {YesNo(f.OcspStapling, null)}, heartbeat {YesNo(f.Heartbeat, false)}, ALPN {(f.Alpn.Count == 0 ? "none" : Markup.Escape(string.Join(", ", f.Alpn)))}");

        if (scan.Findings.Count > 0)
        {
            console.MarkupLine("[bold]Findings[/]");
            foreach (var finding in scan.Findings)
                console.MarkupLine($"  [{RatingStyle.For(finding.Severity)}]{finding.Severity.ToString().ToUpperInvariant(),-8}[/] {Markup.Escape(finding.Text)}");
        }
        if (policyMatches.Count > 0 && policyMatches.All(m => m.Exact))
            console.MarkupLine($"[bold]Policy[/] [green]{Markup.Escape(string.Join(", ", policyMatches.Select(m => $"{m.Name} ({m.Provider})")))}[/]");
        else if (policyMatches.Count > 0)
            foreach (var m in policyMatches)
                console.MarkupLine($"[bold]Policy[/] nearest {Markup.Escape(m.Name)} ({Markup.Escape(m.Provider)}) [grey]" +
                                   Markup.Escape((m.Missing.Count > 0 ? "missing: " + string.Join(", ", m.Missing.Take(6)) + (m.Missing.Count > 6 ? ", …" : "") : "") +
                                                 (m.Missing.Count > 0 && m.Extra.Count > 0 ? "; " : "") +
                                                 (m.Extra.Count > 0 ? "extra: " + string.Join(", ", m.Extra.Take(6)) + (m.Extra.Count > 6 ? ", …" : "") : "")) + "[/]");
        foreach (var reason in scan.Incomplete)
            console.MarkupLine($"[yellow]incomplete: {Markup.Escape(reason)}[/]");
        foreach (var note in scan.Notes)
            console.MarkupLine($"[grey]note: {Markup.Escape(note)}[/]");
        console.MarkupLine($"[bold]Summary[/] {Markup.Escape(scan.Summary)}");
        console.WriteLine();
    }

    public static string Endpoint(TargetInfo t) => t.Host.Contains(':') ? $"[{t.Host}]:{t.Port}" : $"{t.Host}:{t.Port}";

    private static string YesNo(bool? value, bool? good) => value switch
    {
        null => "[grey]n/a[/]",
        _ when good is null => value.Value ? "yes" : "no",
        _ => value == good ? $"[green]{(value.Value ? "yes" : "no")}[/]" : $"[red]{(value.Value ? "yes" : "no")}[/]",
    };
}
