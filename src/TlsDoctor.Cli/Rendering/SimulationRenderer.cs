using Spectre.Console;
using TlsDoctor.Cli.Json;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Cli.Rendering;

/// <summary>Terminal output of simulate: one outcome, or the --matrix table.</summary>
public static class SimulationRenderer
{
    /// <summary>Accepting policies shown when not --verbose: the most secure few, the count of the rest.</summary>
    public const int AcceptingShown = 5;

    public static void Render(IAnsiConsole console, Simulation s, bool verbose = false)
    {
        console.MarkupLine($"[bold]Client[/]       {Markup.Escape(s.Client.Name)}");
        console.MarkupLine($"[bold]Policy[/]       {Markup.Escape(s.Policy.Name)} [grey]({Markup.Escape(s.Policy.Provider)}{(s.Policy.LoadBalancers.Count > 0 ? "; " + string.Join(", ", s.Policy.LoadBalancers) : "")})[/]");
        console.MarkupLine($"[bold]Certificate[/]  {string.Join(" + ", s.Certificates.Select(c => c == CertificateKind.Rsa ? "RSA" : "ECDSA"))}");
        switch (s.Outcome)
        {
            case NegotiationOutcome.Agreed a:
                var suite = CipherSuites.Find(a.Suite);
                var details = new List<string> { a.Version.Name, Markup.Escape(NegotiationJson.SuiteName(a.Suite)) };
                if (a.Group is { } g) details.Add("group " + Markup.Escape(Groups.Describe(g)) + (a.ViaRetry ? " (after HelloRetryRequest)" : ""));
                if (a.SignatureScheme is { } sc) details.Add("signature " + Markup.Escape(SignatureSchemes.Describe(sc)));
                if (s.Certificates.Count > 1) details.Add((a.Certificate == CertificateKind.Rsa ? "RSA" : "ECDSA") + " certificate");
                console.MarkupLine($"[green]✓ agreed[/]     {string.Join("  ", details)}{(suite?.Rating is { } rating ? $"  [{RatingColor(rating)}]({rating.ToString().ToLowerInvariant()})[/]" : "")}");
                break;
            case NegotiationOutcome.Refused r:
                console.MarkupLine($"[red]✗ {r.Reason.Code()}[/]");
                console.MarkupLine($"  {Markup.Escape(r.Explanation)}");
                console.MarkupLine($"  [grey]the server answers with a fatal {AlertDescriptions.Describe(r.ExpectedAlert)} alert[/]");
                break;
        }
        var lbs = s.Policy.LoadBalancers.Count > 0 ? " " + string.Join("/", s.Policy.LoadBalancers) : "";
        if (s.AcceptingPolicies.Count == 0)
            console.MarkupLine($"[yellow]No {Markup.Escape(s.Policy.Provider)}{lbs} policy accepts this client.[/]");
        else
        {
            var shown = verbose ? s.AcceptingPolicies : s.AcceptingPolicies.Take(AcceptingShown).ToList();
            var count = s.AcceptingPolicies.Count;
            console.MarkupLine($"[bold]{count} {Markup.Escape(s.Policy.Provider)}{lbs} polic{(count == 1 ? "y accepts" : "ies accept")} this client[/] [grey](most secure first)[/]");
            foreach (var p in shown) console.MarkupLine($"  {Markup.Escape(p.Name)}");
            if (shown.Count < count) console.MarkupLine($"  [grey]… and {count - shown.Count} more (--verbose lists them all)[/]");
        }
    }

    public static void RenderMatrix(IAnsiConsole console, IReadOnlyList<NegotiationMatrix.Cell> cells, bool byPolicy)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(byPolicy ? "Policy" : "Client");
        table.AddColumn("Result");
        table.AddColumn("Protocol");
        table.AddColumn("Cipher suite / reason");
        foreach (var c in cells)
        {
            var label = Markup.Escape(byPolicy ? c.Policy.Name : c.Client.Name);
            switch (c.Outcome)
            {
                case NegotiationOutcome.Agreed a:
                    table.AddRow(label, "[green]✓[/]", a.Version.Name, Markup.Escape(NegotiationJson.SuiteName(a.Suite)));
                    break;
                case NegotiationOutcome.Refused r:
                    table.AddRow(label, "[red]✗[/]", "", $"[red]{r.Reason.Code()}[/] [grey]{Markup.Escape(r.Explanation)}[/]");
                    break;
            }
        }
        var subject = cells.Count == 0 ? "" : byPolicy ? cells[0].Client.Name : cells[0].Policy.Name;
        table.Caption($"{Markup.Escape(subject)}: {cells.Count(c => c.Outcome.IsAgreed)} of {cells.Count} agree");
        console.Write(table);
    }

    internal static string RatingColor(Rating rating) => rating switch
    {
        Rating.Recommended => "green",
        Rating.Secure => "cyan",
        Rating.Weak => "yellow",
        _ => "red",
    };
}
