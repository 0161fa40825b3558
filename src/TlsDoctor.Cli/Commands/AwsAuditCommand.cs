using System.CommandLine;
using TlsDoctor.Aws;
using TlsDoctor.Cli.Json;
using TlsDoctor.Cli.Options;
using TlsDoctor.Cli.Rendering;
using TlsDoctor.Diagnosis;

namespace TlsDoctor.Cli.Commands;

/// <summary>`tlsdoctor aws audit`: every TLS listener's policy judged against the catalog clients and stricter policies.</summary>
public static class AwsAuditCommand
{
    public static Command Create()
    {
        var aws = new AwsOptions();
        var certificate = ServerOptions.Certificate();
        var command = new Command("audit", "Every TLS listener in the region: catalog clients its policy refuses, TLS 1.0/1.1, post-quantum key exchange, the recommended policy");
        aws.AddTo(command);
        command.Options.Add(certificate);
        command.SetAction(async (parse, ct) =>
        {
            var certificates = ServerOptions.ParseCertificate(parse.GetValue(certificate));
            var (source, client, error) = aws.OpenSource(parse);
            using var _ = client;
            if (source is null) return AwsOptions.Fail(parse, error!);
            var result = await AwsInventory.ListenersAsync(source, [], includeNonTls: false, ct);
            if (!result.IsSuccess) return AwsOptions.Fail(parse, result.Error!);
            var entries = ListenerAudit.Run(result.Value!, certificates);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(aws.Json))
                output.WriteLine(CliJson.Serialize(new AwsJson.AuditList(entries.Select(AwsJson.From).ToList()), AwsJsonContext.Default.AwsAuditList));
            else AwsRenderer.Audit(ConsoleFactory.For(output), entries);
            return ExitCodes.Ok;
        });
        return command;
    }
}
