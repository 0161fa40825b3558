using System.CommandLine;
using TlsDoctor.Cli.Json;
using TlsDoctor.Cli.Rendering;
using TlsDoctor.Clients;

namespace TlsDoctor.Cli.Commands;

/// <summary><c>tlsdoctor clients list|show</c>: the client profiles.</summary>
public static class ClientsCommand
{
    public static Command Create()
    {
        var command = new Command("clients", "Client profiles: browsers, Java, Android, OpenSSL, Windows/.NET, curl, Python, … and what their ClientHello offers.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        return command;
    }

    private static Command List()
    {
        var status = new Option<string?>("--status") { Description = "Only common, dated or legacy clients." };
        var family = new Option<string?>("--family") { Description = "Only one family (chrome, firefox, safari, edge, internet-explorer, android, java, openssl, curl, python, dotnet, …)." };
        var json = new Option<bool>("--json") { Description = "Write JSON to stdout (shape in docs/policies.md)." };
        var cmd = new Command("list", "List client profiles.") { status, family, json };
        cmd.SetAction(parse =>
        {
            ClientStatus? wanted = parse.GetValue(status) is { } s
                ? Enum.TryParse<ClientStatus>(s, ignoreCase: true, out var st) && Enum.IsDefined(st) ? st : throw new UsageException($"unknown status '{s}' (common, dated, legacy)")
                : null;
            if (parse.GetValue(family) is { } f && !ClientProfiles.Families.Contains(f, StringComparer.OrdinalIgnoreCase))
                throw new UsageException($"unknown client family '{f}' (known: {string.Join(", ", ClientProfiles.Families)})");
            var list = ClientProfiles.Query(new ClientFilter { Status = wanted, Family = parse.GetValue(family) });
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json)) output.WriteLine(CliJson.Serialize(new ClientJson.ClientList(list.Select(ClientJson.From).ToList()), CliJsonContext.Default.ClientJsonClientList));
            else ClientRenderer.RenderList(ConsoleFactory.For(output), list);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Show()
    {
        var name = new Argument<string>("name") { Description = "Client id or name (case-insensitive), e.g. java-7u25." };
        var json = new Option<bool>("--json") { Description = "Write JSON to stdout (shape in docs/policies.md)." };
        var cmd = new Command("show", "Versions, suites in order, groups, signature schemes and SNI behaviour of one client.") { name, json };
        cmd.SetAction(parse =>
        {
            var lookup = ClientProfiles.Find(parse.GetValue(name)!);
            if (!lookup.IsSuccess) throw new UsageException(lookup.ErrorMessage);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json)) output.WriteLine(CliJson.Serialize(ClientJson.From(lookup.Profile), CliJsonContext.Default.ClientJsonClient));
            else ClientRenderer.RenderShow(ConsoleFactory.For(output), lookup.Profile);
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
