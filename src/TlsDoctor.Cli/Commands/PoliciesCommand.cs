using System.CommandLine;
using TlsDoctor.Cli.Json;
using TlsDoctor.Cli.Rendering;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;
using TlsDoctor.Registry;

namespace TlsDoctor.Cli.Commands;

/// <summary><c>tlsdoctor policies list|show|diff|export</c>: the security-policy catalog.</summary>
public static class PoliciesCommand
{
    public static Command Create()
    {
        var command = new Command("policies", "The security-policy catalog: AWS ALB/NLB/CLB, CloudFront, API Gateway, Google Cloud, Azure, Mozilla.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Diff());
        command.Subcommands.Add(Export());
        return command;
    }

    private static Option<bool> JsonOption() => new("--json") { Description = "Write JSON to stdout (shape in docs/policies.md)." };

    private static Option<string?> LoadBalancerOption(string description) => new("--lb") { Description = description };

    private static Command List()
    {
        var provider = new Option<string?>("--provider") { Description = "Only this provider: aws, cloudfront, apigateway, gcp, azure, mozilla." };
        var lb = LoadBalancerOption("Only policies a load-balancer type offers: alb, nlb or clb.");
        var minProtocol = new Option<string?>("--min-protocol") { Description = "Only policies whose lowest protocol is at least this (e.g. TLSv1.2)." };
        var fips = new Option<bool>("--fips") { Description = "Only FIPS policies." };
        var pq = new Option<bool>("--pq") { Description = "Only post-quantum (hybrid ML-KEM) policies." };
        var json = JsonOption();
        var cmd = new Command("list", "List catalog policies, optionally filtered.") { provider, lb, minProtocol, fips, pq, json };
        cmd.SetAction(parse =>
        {
            var filter = new PolicyFilter
            {
                Provider = CheckProvider(parse.GetValue(provider)),
                LoadBalancer = Options.ServerOptions.ParseLoadBalancer(parse.GetValue(lb)),
                MinProtocol = parse.GetValue(minProtocol) is { } mp ? ParseVersion(mp) : null,
                Fips = parse.GetValue(fips) ? true : null,
                PostQuantum = parse.GetValue(pq) ? true : null,
            };
            var policies = PolicyCatalog.Query(filter);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
                output.WriteLine(CliJson.Serialize(new PolicyJson.PolicyList(policies.Select(PolicyJson.From).ToList()), CliJsonContext.Default.PolicyJsonPolicyList));
            else PolicyRenderer.RenderList(ConsoleFactory.For(output), policies);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Show()
    {
        var name = new Argument<string>("name") { Description = "Policy name (case-insensitive) or the path of a policy file." };
        var lb = LoadBalancerOption("Pick the variant a load-balancer type offers where one name means several policies (alb, nlb, clb).");
        var json = JsonOption();
        var cmd = new Command("show", "Protocols, suites in server order, groups, flags and sources of one policy.") { name, lb, json };
        cmd.SetAction(parse =>
        {
            var policy = Resolve(parse.GetValue(name)!, Options.ServerOptions.ParseLoadBalancer(parse.GetValue(lb)));
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json)) output.WriteLine(CliJson.Serialize(PolicyJson.From(policy), CliJsonContext.Default.PolicyJsonPolicy));
            else PolicyRenderer.RenderShow(ConsoleFactory.For(output), policy);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Diff()
    {
        var from = new Argument<string>("from") { Description = "The policy you have (name or file)." };
        var to = new Argument<string>("to") { Description = "The policy you compare it with (name or file)." };
        var lb = LoadBalancerOption("Pick variants by load-balancer type where one name means several policies.");
        var json = JsonOption();
        var cmd = new Command("diff", "What changes from one policy to another: protocols and suites added or removed, order, groups.") { from, to, lb, json };
        cmd.SetAction(parse =>
        {
            var loadBalancer = Options.ServerOptions.ParseLoadBalancer(parse.GetValue(lb));
            var difference = PolicyDiff.Compare(Resolve(parse.GetValue(from)!, loadBalancer), Resolve(parse.GetValue(to)!, loadBalancer));
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json)) output.WriteLine(CliJson.Serialize(PolicyJson.From(difference), CliJsonContext.Default.PolicyJsonDiff));
            else PolicyRenderer.RenderDiff(ConsoleFactory.For(output), difference);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Export()
    {
        var name = new Argument<string>("name") { Description = "Policy name or policy file." };
        var format = new Option<string>("--format", "-f") { Description = "haproxy, nginx, openssl (s_server arguments) or aws-json.", Required = true };
        var lb = LoadBalancerOption("Pick the variant a load-balancer type offers where one name means several policies.");
        var json = JsonOption();
        var cmd = new Command("export", "A configuration that makes haproxy, nginx or openssl s_server enforce the policy, or its aws elbv2 JSON.") { name, format, lb, json };
        cmd.SetAction(parse =>
        {
            var policy = Resolve(parse.GetValue(name)!, Options.ServerOptions.ParseLoadBalancer(parse.GetValue(lb)));
            var fmt = parse.GetValue(format)!.Trim().ToLowerInvariant() switch
            {
                "haproxy" => PolicyExportFormat.Haproxy,
                "nginx" => PolicyExportFormat.Nginx,
                "openssl" or "s_server" => PolicyExportFormat.OpenSsl,
                "aws-json" or "aws" or "json" => PolicyExportFormat.AwsJson,
                var other => throw new UsageException($"unknown export format '{other}' (haproxy, nginx, openssl, aws-json)"),
            };
            var export = PolicyExporter.Export(policy, fmt);
            if (export.Error is not null) throw new UsageException(export.Error);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
                output.WriteLine(CliJson.Serialize(new PolicyJson.Export(policy.Id, parse.GetValue(format)!.ToLowerInvariant(), export.Text, export.Warnings), CliJsonContext.Default.PolicyJsonExport));
            else
            {
                output.Write(export.Text);
                // aws-json has no comment syntax: its warnings go to stderr.
                if (fmt == PolicyExportFormat.AwsJson)
                    foreach (var w in export.Warnings) parse.InvocationConfiguration.Error.WriteLine($"warning: {w}");
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>A name or file to a policy, or a one-line usage error (exit 2) with the closest names.</summary>
    internal static ServerPolicy Resolve(string nameOrPath, string? loadBalancer)
    {
        var r = PolicyCatalog.Resolve(nameOrPath, loadBalancer);
        return r.IsSuccess ? r.Policy : throw new UsageException(r.Error.Message);
    }

    private static string? CheckProvider(string? value)
    {
        if (value is null) return null;
        var known = PolicyCatalog.Providers;
        if (known.Contains(value, StringComparer.OrdinalIgnoreCase)) return value;
        var close = NameSuggestions.Closest(value, known, 1);
        throw new UsageException($"unknown provider '{value}'{(close.Count > 0 ? $"; closest: {close[0]}" : "")} (known: {string.Join(", ", known)})");
    }

    private static TlsVersion ParseVersion(string text) =>
        TlsVersion.TryParse(text, out var v) && v.Value.IsKnown ? v.Value : throw new UsageException($"unknown protocol version '{text}' (e.g. TLSv1.2)");
}
