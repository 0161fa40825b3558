using System.CommandLine;
using System.Text;
using Spectre.Console;
using TlsDoctor.Cli.Json;
using TlsDoctor.Cli.Options;
using TlsDoctor.Cli.Rendering;
using TlsDoctor.Io;
using TlsDoctor.Wire;

namespace TlsDoctor.Cli.Commands;

/// <summary>`tlsdoctor hello decode HEX|--file F [--json]`: decodes a pasted ClientHello or ServerHello.</summary>
public static class HelloCommand
{
    public static Command Create()
    {
        var hello = new Command("hello", "Work with TLS hello messages.");
        hello.Subcommands.Add(CreateDecode());
        return hello;
    }

    private static Command CreateDecode()
    {
        var hex = new Argument<string[]>("hex")
        {
            Arity = ArgumentArity.ZeroOrMore,
            Description = "The hello as hex (Wireshark \"copy as hex stream\" or hex dump; spaces and colons allowed; with or without the record header). Reads stdin when absent.",
        };
        var file = new Option<string?>("--file", "-f") { Description = "Read the hello from a file: hex text, or the raw bytes (at most 1 MiB; - for stdin)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (shape in docs/codec.md)." };
        var command = new Command("decode", "Decode a ClientHello or ServerHello and name every field from the registries.");
        command.Arguments.Add(hex);
        command.Options.Add(file);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var bytes = ReadInput(parse.GetValue(hex) ?? [], parse.GetValue(file));
            var result = HelloDecoder.Decode(bytes);
            if (!result.IsSuccess) throw new UsageException($"cannot decode the hello: {result.Error}");
            var model = HelloJsonBuilder.Build(result.Value);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                output.WriteLine(CliJson.Serialize(model, CliJsonContext.Default.HelloJson));
                return ExitCodes.Ok;
            }
            HelloRenderer.Render(ConsoleFactory.For(output), model);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static byte[] ReadInput(string[] hexWords, string? file)
    {
        string text;
        if (file is not null || (hexWords.Length == 0 && UserInput.StdinIsRedirected))
        {
            if (hexWords.Length > 0) throw new UsageException("give the hello either as hex or with --file, not both");
            var raw = UserInput.ReadBytes(file ?? BoundedInput.StandardInput, InputKind.Hello);
            var looksLikeText = raw.Length > 0 && raw.All(b => b is (>= 0x20 and < 0x7F) or (byte)'\n' or (byte)'\r' or (byte)'\t');
            if (!looksLikeText && file is not null) return raw;
            text = Encoding.ASCII.GetString(raw);
        }
        else if (hexWords.Length > 0) text = string.Join(' ', hexWords);
        else throw new UsageException("give the hello as hex, with --file, or on stdin");

        if (!HexInput.TryParse(text, out var bytes, out var error)) throw new UsageException($"not hex: {error}");
        return bytes;
    }
}
