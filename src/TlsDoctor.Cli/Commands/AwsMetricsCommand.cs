using System.CommandLine;
using System.Globalization;
using TlsDoctor.Aws;
using TlsDoctor.Cli.Json;
using TlsDoctor.Cli.Rendering;

namespace TlsDoctor.Cli.Commands;

/// <summary>`tlsdoctor aws metrics`: ClientTLSNegotiationErrorCount and TargetTLSNegotiationErrorCount per ALB/NLB.</summary>
public static class AwsMetricsCommand
{
    public static Command Create()
    {
        var aws = new AwsOptions();
        var loadBalancer = new Option<string[]>("--load-balancer") { Description = "Only this load balancer (name or ARN); repeatable" };
        var since = new Option<string>("--since") { Description = "Start of the window: a duration back from now (30m, 24h, 7d) or an ISO 8601 time", DefaultValueFactory = _ => "24h" };
        var period = new Option<string>("--period") { Description = "Length of each datapoint (1m … 1d, a whole number of minutes)", DefaultValueFactory = _ => "1h" };
        var command = new Command("metrics", "TLS negotiation error counts of each Application and Network Load Balancer from CloudWatch: total, sparkline, peak");
        aws.AddTo(command);
        foreach (var o in new Option[] { loadBalancer, since, period }) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            var end = DateTimeOffset.UtcNow;
            var start = ParseSince(parse.GetValue(since)!, end);
            var step = ParseDuration(parse.GetValue(period)!, "--period");
            if (step.TotalSeconds % 60 != 0 || step < TimeSpan.FromMinutes(1) || step > TimeSpan.FromDays(1))
                throw new UsageException("--period must be a whole number of minutes between 1m and 1d");
            if ((end - start) / step > 100_800) throw new UsageException("--since and --period ask for more than 100,800 datapoints per metric; use a longer --period");
            var (source, client, error) = aws.OpenSource(parse);
            using var _ = client;
            if (source is null) return AwsOptions.Fail(parse, error!);
            var result = await AwsMetrics.ReadAsync(source, parse.GetValue(loadBalancer) ?? [], start, end, step, ct);
            if (!result.IsSuccess) return AwsOptions.Fail(parse, result.Error!);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(aws.Json))
                output.WriteLine(CliJson.Serialize(new AwsJson.MetricList(result.Value!.Select(AwsJson.From).ToList()), AwsJsonContext.Default.AwsMetricList));
            else AwsRenderer.Metrics(ConsoleFactory.For(output), result.Value!, start, end, step);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static DateTimeOffset ParseSince(string text, DateTimeOffset now)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) && text.Contains('-'))
            return at < now ? at : throw new UsageException($"--since {text} is not in the past");
        var back = ParseDuration(text, "--since");
        if (back > TimeSpan.FromDays(455)) throw new UsageException("--since reaches further back than CloudWatch keeps data (455 days)");
        return now - back;
    }

    internal static TimeSpan ParseDuration(string text, string option)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t.Length >= 2 && int.TryParse(t[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            TimeSpan? span = t[^1] switch { 's' => TimeSpan.FromSeconds(n), 'm' => TimeSpan.FromMinutes(n), 'h' => TimeSpan.FromHours(n), 'd' => TimeSpan.FromDays(n), _ => null };
            if (span is { } s) return s;
        }
        throw new UsageException($"{option} '{text}' is not a duration like 30m, 24h or 7d" + (option == "--since" ? ", nor an ISO 8601 time" : ""));
    }
}
