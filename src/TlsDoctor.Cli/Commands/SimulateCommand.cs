using System.CommandLine;
using TlsDoctor.Cli.Json;
using TlsDoctor.Cli.Options;
using TlsDoctor.Cli.Rendering;
using TlsDoctor.Clients;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;

namespace TlsDoctor.Cli.Commands;

/// <summary>`tlsdoctor simulate`: what a server enforcing a policy does with a client's hello (docs/simulate.md).</summary>
public static class SimulateCommand
{
    public static Command Create()
    {
        var clients = new ClientOptions();
        var policy = new Option<string?>("--policy", "-p") { Description = "Policy name (see 'tlsdoctor policies list') or policy file" };
        var certificate = ServerOptions.Certificate();
        var lb = ServerOptions.LoadBalancer("Load-balancer type (alb, nlb, clb): picks the variant of an ambiguous policy name; with --matrix and one client, the policies to try");
        var matrix = new Option<bool>("--matrix") { Description = "A table: every client profile (or the clients given) against --policy, or one client against every policy of --lb" };
        var grid = new Option<bool>("--grid") { Description = "Clients (those given, else the common ones) × policies (--policy, or every policy of --lb): a grid (docs/report.md)" };
        var json = new Option<bool>("--json") { Description = "JSON output (every accepting policy)" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "List every policy that accepts the client, not only the most secure few" };

        var command = new Command("simulate", "Predict whether a client and a policy agree: negotiated protocol, suite and group, or the reason they do not");
        clients.AddTo(command);
        foreach (var o in new Option[] { policy, certificate, lb, matrix, grid, json, verbose }) command.Options.Add(o);

        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var certificates = ServerOptions.ParseCertificate(parse.GetValue(certificate));
            var loadBalancer = ServerOptions.ParseLoadBalancer(parse.GetValue(lb));
            var policyName = parse.GetValue(policy);
            var offers = clients.Resolve(parse);
            var asJson = parse.GetValue(json);

            if (parse.GetValue(grid))
            {
                if (policyName is null && loadBalancer is null) throw new UsageException("--grid needs --policy NAME|FILE or --lb alb|nlb|clb (the policy columns)");
                var columns = policyName is not null
                    ? Reports.CompatibilityGrid.Columns(null, null, [PoliciesCommand.Resolve(policyName, loadBalancer)], [])
                    : Reports.CompatibilityGrid.Columns(null, null, [], PolicyRecommender.PoliciesFor(PolicyCatalog.All, "aws", loadBalancer!));
                var table = Reports.CompatibilityGrid.Build(ReportCommand.Clients(offers), columns, certificates);
                if (asJson) output.WriteLine(CliJson.Serialize(GridJson.From(table), CliJsonContext.Default.GridJson));
                else GridRenderer.Render(ConsoleFactory.For(output), table);
                return ExitCodes.Ok;
            }

            if (parse.GetValue(matrix))
            {
                IReadOnlyList<ServerPolicy> policies;
                bool byPolicy;
                if (policyName is not null)
                {
                    policies = [PoliciesCommand.Resolve(policyName, loadBalancer)];
                    if (offers.Count == 0) offers = ClientProfiles.Offers;
                    byPolicy = false;
                }
                else
                {
                    if (offers.Count != 1) throw new UsageException("--matrix needs --policy, or exactly one client with --lb");
                    if (loadBalancer is null) throw new UsageException("--matrix with one client needs --lb alb|nlb|clb (the policies to try)");
                    policies = PolicyRecommender.PoliciesFor(PolicyCatalog.All, "aws", loadBalancer);
                    byPolicy = true;
                }
                var cells = NegotiationMatrix.Run(offers, policies, [certificates]);
                if (asJson)
                    output.WriteLine(CliJson.Serialize(new NegotiationJson.Matrix(NegotiationJson.CertificateName(certificates), cells.Select(NegotiationJson.From).ToList()),
                        CliJsonContext.Default.NegotiationJsonMatrix));
                else SimulationRenderer.RenderMatrix(ConsoleFactory.For(output), cells, byPolicy);
                return ExitCodes.Ok;
            }

            if (policyName is null) throw new UsageException("simulate needs --policy NAME|FILE");
            if (offers.Count != 1)
                throw new UsageException(offers.Count == 0
                    ? "simulate needs a client: --client PROFILE, --client-hello HEX|FILE, or --protocols/--ciphers"
                    : $"simulate takes one client ({offers.Count} given); use --matrix or recommend for several");
            var target = PoliciesCommand.Resolve(policyName, loadBalancer);
            var result = Simulation.Run(offers[0], target, certificates, PolicyCatalog.All);
            if (asJson) output.WriteLine(CliJson.Serialize(NegotiationJson.From(result), CliJsonContext.Default.NegotiationJsonSimulation));
            else SimulationRenderer.Render(ConsoleFactory.For(output), result, parse.GetValue(verbose));
            return result.Outcome.IsAgreed ? ExitCodes.Ok : ExitCodes.Findings;
        });
        return command;
    }
}
