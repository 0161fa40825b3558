using System.CommandLine;
using TlsDoctor.Cli.Json;
using TlsDoctor.Cli.Options;
using TlsDoctor.Cli.Rendering;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;

namespace TlsDoctor.Cli.Commands;

/// <summary>`tlsdoctor recommend`: the most secure policy of a load-balancer type that accepts every given client (docs/simulate.md).</summary>
public static class RecommendCommand
{
    public static Command Create()
    {
        var clients = new ClientOptions();
        var lb = ServerOptions.LoadBalancer("Load-balancer type: alb (default), nlb or clb");
        var certificate = ServerOptions.Certificate();
        var json = new Option<bool>("--json") { Description = "JSON output (every policy compared, in full)" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "List every stricter policy and what it would break, instead of a summary per client" };
        var current = new Option<string?>("--current") { Description = "The policy the listener has now (name or file): also recommend the accepting policy that changes it least" };

        var command = new Command("recommend", "The most secure AWS policy that accepts every given client, what stricter policies would break, and the command to apply it");
        clients.AddTo(command);
        foreach (var o in new Option[] { lb, certificate, json, current, verbose }) command.Options.Add(o);

        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var offers = clients.Resolve(parse);
            if (offers.Count == 0) throw new UsageException("recommend needs at least one client: --client PROFILE, --client-hello HEX|FILE, or --protocols/--ciphers");
            var loadBalancer = ServerOptions.ParseLoadBalancer(parse.GetValue(lb)) ?? "ALB";
            var certificates = ServerOptions.ParseCertificate(parse.GetValue(certificate));
            var currentPolicy = parse.GetValue(current) is { } name ? PoliciesCommand.Resolve(name, loadBalancer) : null;
            var recommendation = PolicyRecommender.Recommend(offers, PolicyCatalog.All, loadBalancer, certificates, current: currentPolicy);
            // Classic Load Balancers also take custom policies: the strictest predefined one plus only what these clients need.
            var custom = loadBalancer == "CLB" ? ClbCustomPolicy.Minimal(offers, certificates) : null;
            if (parse.GetValue(json))
                output.WriteLine(CliJson.Serialize(NegotiationJson.From(recommendation) with { ClbCustomPolicy = custom is null ? null : NegotiationJson.ClbCustomPolicyJson.From(custom) },
                    CliJsonContext.Default.NegotiationJsonRecommendation));
            else
            {
                var console = ConsoleFactory.For(output);
                RecommendationRenderer.Render(console, recommendation, parse.GetValue(verbose));
                if (custom is not null) RecommendationRenderer.RenderClbCustom(console, custom, recommendation.Policy);
            }
            return recommendation.Policy is null ? ExitCodes.Findings : ExitCodes.Ok;
        });
        return command;
    }
}
