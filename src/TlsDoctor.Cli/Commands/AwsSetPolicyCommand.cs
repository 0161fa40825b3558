using System.CommandLine;
using TlsDoctor.Aws;
using TlsDoctor.Capture;
using TlsDoctor.Cli.Json;
using TlsDoctor.Cli.Options;
using TlsDoctor.Cli.Rendering;
using TlsDoctor.Diagnosis;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;

namespace TlsDoctor.Cli.Commands;

/// <summary>
/// `tlsdoctor aws set-policy`: the impact of a new security policy on a listener (simulated for the catalog clients and
/// any given or captured), a confirmation, then the change. --dry-run never writes; without --yes it writes only after
/// a "y" typed on a terminal.
/// </summary>
public static class AwsSetPolicyCommand
{
    public static Command Create()
    {
        var aws = new AwsOptions(reads: false);
        var clients = new ClientOptions();
        var listener = new Option<string>("--listener") { Description = "The listener: its ARN, or LOAD_BALANCER_NAME:PORT for any load-balancer type", Required = true };
        var policy = new Option<string?>("--policy") { Description = "The new security policy (a catalog name, e.g. ELBSecurityPolicy-TLS13-1-2-2021-06)" };
        var custom = new Option<string?>("--custom") { Description = "Classic Load Balancers only: a custom policy, from a policy file or the attributes to enable (Protocol-TLSv1.2,ECDHE-RSA-AES128-GCM-SHA256,Server-Defined-Cipher-Order); see 'recommend --lb clb'" };
        var capture = new Option<string?>("--capture") { Description = "Also consider the clients recorded by 'tlsdoctor capture' in this database (one per JA4)" };
        var certificate = ServerOptions.Certificate();
        var dryRun = new Option<bool>("--dry-run") { Description = "Show the impact and the equivalent commands; send no write" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Apply without asking" };
        var logs = new Option<string[]>("--logs")
        {
            Description = "Also check the new policy against the connections these ALB/NLB/CLB logs show (files, folders, s3://; as 'logs what-if')",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("set-policy", "Change a listener's security policy: first who it breaks and fixes, then a confirmation, then ModifyListener (ALB/NLB) or a Classic policy");
        aws.AddTo(command);
        clients.AddTo(command);
        foreach (var o in new Option[] { listener, policy, custom, capture, certificate, dryRun, yes, logs }) command.Options.Add(o);

        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var asJson = parse.GetValue(aws.Json);
            var policyName = parse.GetValue(policy);
            var customSpec = parse.GetValue(custom);
            if ((policyName is null) == (customSpec is null)) throw new UsageException("set-policy needs --policy NAME (a predefined policy) or --custom FILE|SPEC (a Classic custom policy), one of them");
            ServerPolicy? customPolicy = null;
            IReadOnlyList<KeyValuePair<string, string>>? customAttributes = null;
            if (customSpec is not null)
            {
                var (parsedCustom, attributes, customError) = AwsPolicyChange.ParseCustom(customSpec);
                if (parsedCustom is null) throw new UsageException(customError!);
                (customPolicy, customAttributes) = (parsedCustom, attributes);
            }
            var certificates = ServerOptions.ParseCertificate(parse.GetValue(certificate));
            var given = clients.Resolve(parse).ToList();
            if (parse.GetValue(capture) is { } database)
            {
                if (!File.Exists(database)) throw new UsageException($"capture database not found: {database}");
                given.AddRange(CaptureStore.LoadClients(database).Take(50));
            }

            var (logSources, logsFailed) = aws.Connection.ResolveLogs(parse, parse.GetValue(logs) ?? []);
            if (logsFailed is { } logsExit) return logsExit;

            var (client, error) = aws.OpenClient(parse);
            using var _ = client;
            if (client is null) return AwsOptions.Fail(parse, error!);
            var source = new AwsLiveSource(client);
            var found = await AwsInventory.FindAsync(source, parse.GetValue(listener)!, ct);
            if (!found.IsSuccess) return AwsOptions.Fail(parse, found.Error!);
            var target = found.Value!;
            if (!target.IsTls)
                throw new UsageException($"the {target.Protocol} listener {target.LoadBalancer}:{target.Port} does not terminate TLS and has no security policy");
            ServerPolicy next;
            if (customPolicy is not null)
            {
                if (!target.IsClassic)
                    throw new UsageException($"{target.LoadBalancer} is {(target.Type == "network" ? "a network" : "an application")} load balancer: custom policies exist only on Classic Load Balancers; choose a predefined policy with --policy");
                next = customPolicy;
            }
            else
            {
                var lookup = PolicyCatalog.Find(policyName!, target.CatalogType);
                if (!lookup.IsSuccess)
                    return AwsOptions.Fail(parse, new AwsError(AwsErrorKind.NotFound, $"Unknown security policy: {lookup.Error.Message}"));
                next = lookup.Policy;
                if (!next.LoadBalancers.Contains(target.CatalogType, StringComparer.OrdinalIgnoreCase))
                    throw new UsageException($"{next.Name} is not offered for {target.CatalogType} listeners (it is for {string.Join(", ", next.LoadBalancers)})");
            }

            var impact = PolicyChangeImpact.Assess(target.Policy, next, PolicyChangeImpact.WithCatalogClients(given), certificates, logSources, ct);
            var plan = customAttributes is null ? AwsPolicyChange.Plan(target, next) : AwsPolicyChange.PlanCustom(target, next, customAttributes);
            var console = ConsoleFactory.For(asJson ? stderr : output);
            if (!asJson)
            {
                AwsRenderer.Impact(console, target, impact);
                AwsRenderer.Equivalents(console, plan);
            }

            IReadOnlyList<string> sent = [];
            var applied = false;
            var exit = ExitCodes.Ok;
            if (parse.GetValue(dryRun))
                stderr.WriteLine("dry run: nothing was changed.");
            else if (parse.GetValue(yes) || Confirm(output, target, next))
            {
                var result = await AwsPolicyChange.ApplyAsync(source, plan, ct);
                if (!result.IsSuccess) return AwsOptions.Fail(parse, result.Error!);
                sent = result.Value!;
                applied = true;
                stderr.WriteLine($"applied: {target.Id} now uses {next.Name} ({string.Join(", ", sent)}).");
            }
            else
            {
                stderr.WriteLine(IsInteractive(output)
                    ? "not applied: the change was not confirmed."
                    : "not applied: there is no terminal to confirm on; rerun with --yes to apply, or --dry-run to only see the impact.");
                exit = AwsExitCodes.NotConfirmed;
            }
            if (asJson)
                output.WriteLine(CliJson.Serialize(new AwsJson.SetPolicy(target.Id, target.LoadBalancer, target.Type, target.PolicyName, next.Name,
                    impact.Breaks.Select(AwsJson.Effect).ToList(), impact.Fixes.Select(AwsJson.Effect).ToList(), applied, sent,
                    impact.Logs is { } logged ? LogsJson.From(logged) : null), AwsJsonContext.Default.AwsSetPolicy));
            return exit;
        });
        return command;
    }

    private static bool IsInteractive(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsInputRedirected && !Console.IsOutputRedirected;

    private static bool Confirm(TextWriter output, AwsTlsListener target, ServerPolicy next)
    {
        if (!IsInteractive(output)) return false;
        output.Write($"Change {target.LoadBalancer}:{target.Port} to {next.Name}? [y/N] ");
        var answer = Console.In.ReadLine();
        return answer is not null && answer.Trim().ToLowerInvariant() is "y" or "yes";
    }
}
