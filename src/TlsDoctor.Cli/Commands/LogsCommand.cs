using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using TlsDoctor.Aws;
using TlsDoctor.Cli.Options;
using TlsDoctor.Cli.Rendering;
using TlsDoctor.Logs;
using TlsDoctor.Policies;

namespace TlsDoctor.Cli.Commands;

/// <summary>`tlsdoctor logs summary|what-if|athena`: TLS as the load balancer's own logs record it (docs/logs.md).</summary>
public static class LogsCommand
{
    public static Command Create()
    {
        var command = new Command("logs", "Read ALB/NLB/CLB logs: who fails TLS, what clients negotiate, what a policy change would break");
        command.Subcommands.Add(Summary());
        command.Subcommands.Add(WhatIf());
        command.Subcommands.Add(Athena());
        return command;
    }

    private sealed record InputOptions(Argument<string[]> Paths, Option<string?> Since, Option<string?> Until, Option<string?> Type,
        AwsConnectionOptions Aws)
    {
        public static InputOptions AddTo(Command command)
        {
            var o = new InputOptions(
                new Argument<string[]>("PATH") { Description = "Log files, folders (recursive), - for standard input, or s3://bucket/prefix", Arity = ArgumentArity.OneOrMore },
                new Option<string?>("--since") { Description = "First date folder to read (yyyy-mm-dd, the S3 layout's delivery date)" },
                new Option<string?>("--until") { Description = "Last date folder to read (yyyy-mm-dd)" },
                new Option<string?>("--type") { Description = "Read every input as this format (alb-connection, alb-access, nlb-access, clb-access) instead of recognising it" },
                new AwsConnectionOptions());
            command.Arguments.Add(o.Paths);
            foreach (var option in new Option[] { o.Since, o.Until, o.Type }) command.Options.Add(option);
            o.Aws.AddTo(command);
            return o;
        }

        /// <summary>The sources and scan options, or the exit code after writing why the input cannot be read.</summary>
        public (IReadOnlyList<LogSource> Sources, LogScanOptions Options, int? Exit) Resolve(ParseResult parse)
        {
            var range = new LogDateRange(ParseDate(parse.GetValue(Since), "--since"), ParseDate(parse.GetValue(Until), "--until"));
            if (range is { Since: { } s, Until: { } u } && u < s) throw new UsageException($"--until {u:yyyy-MM-dd} is before --since {s:yyyy-MM-dd}");
            var format = ParseType(parse.GetValue(Type));
            var resolved = LogInputs.Resolve(parse.GetValue(Paths) ?? [], range, Console.OpenStandardInput, (url, r) => Aws.ListS3(parse, url, r));
            var error = parse.InvocationConfiguration.Error;
            if (!resolved.IsSuccess)
            {
                if (!resolved.IsServiceFailure) throw new UsageException(resolved.Error);
                error.WriteLine($"error: {resolved.Error}");
                return ([], new LogScanOptions(), AwsOptions.ExitCode(resolved.AwsKind!.Value));
            }
            var progress = Terminal.IsTerminal(error)
                ? (Action<LogScanProgress>)(p => error.Write($"\r\u001b[2Kread {p.FilesDone}/{p.FilesTotal} files, {p.Lines:N0} lines, {p.Bytes / 1048576.0:N0} MiB"))
                : null;
            return (resolved.Sources, new LogScanOptions { Format = format, Progress = progress }, null);
        }
    }

    private static Command Summary()
    {
        var command = new Command("summary", "TLS connections, failures and their share; by protocol, cipher, key exchange, listener; failures by client, hour, SNI, alert");
        var input = InputOptions.AddTo(command);
        var json = new Option<bool>("--json") { Description = "JSON output (docs/logs.md)" };
        var html = new Option<string?>("--html") { Description = "Also write the summary as an HTML page to FILE (docs/report.md)" };
        command.Options.Add(json);
        command.Options.Add(html);
        command.SetAction(parse =>
        {
            var (sources, options, failed) = input.Resolve(parse);
            if (failed is { } code) return code;
            var asJson = parse.GetValue(json);
            var summary = LogSummarizer.Summarize(sources, options);
            ClearProgress(parse, options);
            if (parse.GetValue(html) is { } htmlPath && summary.Scan.Files > 0)
                parse.InvocationConfiguration.Error.WriteLine(ReportCommand.WriteLogsHtml(summary, htmlPath));
            if (asJson) parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(LogsJson.From(summary), LogsJsonContext.Default.LogsSummary));
            else LogsRenderer.Summary(ConsoleFactory.For(parse.InvocationConfiguration.Output), summary);
            return ExitFor(summary.Scan, parse, ExitCodes.Ok);
        });
        return command;
    }

    private static Command WhatIf()
    {
        var command = new Command("what-if", "Which logged connections a policy could not have negotiated (an upper bound), or the most secure policy that breaks none");
        var input = InputOptions.AddTo(command);
        var policy = new Option<string?>("--policy") { Description = "Policy name (see 'tlsdoctor policies list') or policy file" };
        var lb = ServerOptions.LoadBalancer("Without --policy: recommend the most secure policy of this load-balancer type (alb, nlb, clb)");
        var tolerate = new Option<string?>("--tolerate") { Description = "With --lb: the share of connections a recommended policy may put at risk (e.g. 0.1%)" };
        var json = new Option<bool>("--json") { Description = "JSON output (docs/logs.md)" };
        foreach (var o in new Option[] { policy, lb, tolerate, json }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var policyName = parse.GetValue(policy);
            var loadBalancer = ServerOptions.ParseLoadBalancer(parse.GetValue(lb));
            if (policyName is null && loadBalancer is null) throw new UsageException("what-if needs --policy NAME|FILE, or --lb alb|nlb|clb for a recommendation");
            if (policyName is not null && parse.GetValue(tolerate) is not null) throw new UsageException("--tolerate goes with --lb, not with --policy");
            var output = parse.InvocationConfiguration.Output;
            var asJson = parse.GetValue(json);
            if (policyName is not null)
            {
                var resolution = PolicyCatalog.Resolve(policyName, loadBalancer);
                if (!resolution.IsSuccess) throw new UsageException(resolution.Error!.Message);
                var (sources, options, failed) = input.Resolve(parse);
                if (failed is { } code) return code;
                var result = LogWhatIf.Analyze(sources, resolution.Policy!, options);
                ClearProgress(parse, options);
                if (asJson) output.WriteLine(JsonSerializer.Serialize(LogsJson.From(result), LogsJsonContext.Default.LogsWhatIf));
                else LogsRenderer.WhatIf(ConsoleFactory.For(output), result);
                return ExitFor(result.Scan, parse, result.AtRisk > 0 ? ExitCodes.Findings : ExitCodes.Ok);
            }
            var tolerance = ParseShare(parse.GetValue(tolerate));
            var (inputs, scanOptions, inputFailed) = input.Resolve(parse);
            if (inputFailed is { } inputCode) return inputCode;
            var recommendation = LogWhatIf.Recommend(inputs, loadBalancer!, tolerance, scanOptions);
            ClearProgress(parse, scanOptions);
            if (asJson) output.WriteLine(JsonSerializer.Serialize(LogsJson.From(recommendation), LogsJsonContext.Default.LogsRecommendation));
            else LogsRenderer.Recommendation(ConsoleFactory.For(output), recommendation);
            return ExitFor(recommendation.Scan, parse, recommendation.Policy is null ? ExitCodes.Findings : ExitCodes.Ok);
        });
        return command;
    }

    private static Command Athena()
    {
        var command = new Command("athena", "Athena statements (table with partition projection, summary and what-if queries) for logs that outgrow one machine");
        var type = new Option<string>("--type") { Description = "alb-connection, alb-access, nlb-access or clb-access", Required = true };
        var location = new Option<string>("--location") { Description = "s3://bucket/prefix/AWSLogs/ACCOUNT/elasticloadbalancing/REGION/", Required = true };
        var table = new Option<string?>("--table") { Description = "Table name (default: alb_connection_logs, …)" };
        var policy = new Option<string?>("--policy") { Description = "Add the what-if queries for this policy (name or file)" };
        var since = new Option<string?>("--since") { Description = "Restrict the queries to date folders from this day (yyyy-mm-dd)" };
        var until = new Option<string?>("--until") { Description = "… up to this day" };
        var json = new Option<bool>("--json") { Description = "JSON output (docs/logs.md)" };
        foreach (var o in new Option[] { type, location, table, policy, since, until, json }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var format = ParseType(parse.GetValue(type)) ?? throw new UsageException("--type is required");
            Negotiation.ServerPolicy? serverPolicy = null;
            if (parse.GetValue(policy) is { } name)
            {
                var resolution = PolicyCatalog.Resolve(name, format == LogFormat.NlbAccess ? "NLB" : format == LogFormat.ClbAccess ? "CLB" : "ALB");
                if (!resolution.IsSuccess) throw new UsageException(resolution.Error!.Message);
                serverPolicy = resolution.Policy;
            }
            var range = new LogDateRange(ParseDate(parse.GetValue(since), "--since"), ParseDate(parse.GetValue(until), "--until"));
            var statements = AthenaSql.For(format, parse.GetValue(location)!, parse.GetValue(table), serverPolicy, range, out var error)
                ?? throw new UsageException(error!);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json)) output.WriteLine(JsonSerializer.Serialize(LogsJson.From(statements), LogsJsonContext.Default.LogsAthena));
            else
            {
                output.WriteLine($"-- Table for {LogFormats.Name(format)} logs (regex SerDe as in AWS's Athena guide; partitions projected over the date folders)");
                output.WriteLine(statements.CreateTable + ";");
                foreach (var q in statements.Queries)
                {
                    output.WriteLine();
                    output.WriteLine($"-- {q.Name}: {q.Description}");
                    output.WriteLine(q.Sql + ";");
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void ClearProgress(ParseResult parse, LogScanOptions options)
    {
        if (options.Progress is not null) parse.InvocationConfiguration.Error.Write("\r\u001b[2K");
    }

    /// <summary>Nothing readable: bad input (2). Some inputs unreadable: incomplete (3). Otherwise the command's own code.</summary>
    private static int ExitFor(LogScanStats scan, ParseResult parse, int exit)
    {
        var error = parse.InvocationConfiguration.Error;
        foreach (var m in scan.MalformedExamples) error.WriteLine($"malformed: {m.File}:{m.Line}: {m.Reason}");
        if (scan.Malformed > scan.MalformedExamples.Count) error.WriteLine($"malformed: {scan.Malformed - scan.MalformedExamples.Count} more malformed lines");
        foreach (var s in scan.Skipped) error.WriteLine($"skipped: {s.File}: {s.Reason}");
        if (scan.Files == 0)
        {
            error.WriteLine("error: no input could be read as a load balancer log");
            return ExitCodes.Usage;
        }
        return scan.Skipped.Any(s => s.Unreadable) ? ExitCodes.Network : exit;
    }

    private static LogFormat? ParseType(string? value) =>
        value is null ? null : LogFormats.Parse(value) ?? throw new UsageException($"unknown log type '{value}' (alb-connection, alb-access, nlb-access, clb-access)");

    private static DateOnly? ParseDate(string? value, string option) =>
        value is null ? null
        : DateOnly.TryParseExact(value.Trim(), ["yyyy-MM-dd", "yyyy/MM/dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : throw new UsageException($"{option} '{value}' is not a date (yyyy-mm-dd)");

    /// <summary>"0.1%" or "0.001" → 0.001.</summary>
    private static double ParseShare(string? value)
    {
        if (value is null) return 0;
        var text = value.Trim();
        var percent = text.EndsWith('%');
        if (percent) text = text[..^1];
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v < 0 || (percent ? v > 100 : v > 1))
            throw new UsageException($"--tolerate '{value}' is not a share (e.g. 0.1% or 0.001)");
        return percent ? v / 100 : v;
    }
}
