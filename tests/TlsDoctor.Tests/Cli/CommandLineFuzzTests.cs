using System.CommandLine;
using TlsDoctor.Cli;

namespace TlsDoctor.Tests.Cli;

/// <summary>
/// Every command with random and oversized arguments: bad input is exit 2 (or the command's own answer), never 70.
/// Seeded, so a failure names its arguments and repeats. Nothing leaves loopback: network commands always target
/// 127.0.0.1 port 1 (closed, refused at once) with a short timeout and get no random positional argument, and the
/// listeners bind 127.0.0.1:0 for a fraction of a second.
/// </summary>
public class CommandLineFuzzTests
{
    private static readonly string EmptyFile = CreateEmptyFile();

    // Values that have broken parsers before: not numbers, huge numbers, long names, devices, directories.
    private static readonly string[] Values =
    [
        "", " ", "-", "0", "-1", "1", "65536", "NaN", "Infinity", "1e10", "4294968", "0.0001", "0x10", "abc", "ALB", "rsa",
        "tls1.2", "TLSv1.3", "x25519", "ECDHE-RSA-AES128-GCM-SHA256", "TLS_AES_128_GCM_SHA256", "java-7u25", "ELBSecurityPolicy-2016-08",
        "1603", "16030100", "/dev/zero", "/dev/null", "/tmp", "/nonexistent/file", EmptyFile, "a,b,,c", "é", "\u0000", "%s%n", "../../etc/passwd",
        new string('a', 300), new string('7', 5000), new string('x', 70_000),
    ];

    // Commands that reach a network target, with the arguments that keep them on a closed loopback port.
    private static readonly Dictionary<string, string[]> Pinned = new()
    {
        ["scan"] = ["127.0.0.1:1", "--timeout", "1"],
        ["probe"] = ["127.0.0.1:1", "--timeout", "1"],
        ["diagnose"] = ["127.0.0.1:1", "--timeout", "1"],
        ["identify"] = ["--target", "127.0.0.1:1", "--timeout", "1"],
        ["serve"] = ["--listen", "127.0.0.1:0", "--duration", "0.2"],
        ["capture"] = ["--listen", "127.0.0.1:0", "--duration", "0.2", "--db", Path.Combine(Path.GetTempPath(), $"tlsdoctor-fuzz-{Environment.ProcessId}.db")],
    };

    // Options whose random values could leave loopback, listen elsewhere, or run long.
    private static readonly HashSet<string> Fixed = ["--target", "--listen", "--duration", "--backend", "--timeout", "--connect-timeout", "--handshake-timeout", "--file", "--db", "--stats-interval", "--count",
        // diagnose's AWS options need an AWS endpoint and the AWS test environment (Aws/AwsCommandFuzzTests runs them against a local one);
        // --logs reads whatever it is given to its end, /dev/zero included.
        "--listener", "--profile", "--region", "--endpoint-url", "--from-file", "--logs"];

    // Commands that touch no network at all. A command missing from both lists is not run here: `demo` has no options
    // (its own tests run it), `aws` needs an AWS endpoint (Aws/AwsCommandFuzzTests runs it against a local one).
    private static readonly HashSet<string> Offline = ["ciphers", "policies", "clients", "hello", "simulate", "recommend"];

    public static IEnumerable<object[]> CommandPaths() =>
        Leaves(CommandLineApp.Build(), []).Where(p => Offline.Contains(p[0]) || Pinned.ContainsKey(p[0])).Select(p => new object[] { p });

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public void Random_arguments_never_give_an_internal_error(string[] path)
    {
        var command = Find(path);
        // string.GetHashCode differs from process to process: the seed is computed from the path's characters instead.
        var random = new Random(string.Join(' ', path).Aggregate(20261206, (h, c) => unchecked(h * 31 + c)) & 0x7fffffff);
        var network = Pinned.TryGetValue(path[0], out var pinned);
        var options = command.Options.Where(o => !o.Hidden && !Fixed.Contains(o.Name) && o.Name is not ("--help" or "--version")).ToArray();
        var rounds = network ? 12 : 40;
        for (var round = 0; round < rounds; round++)
        {
            var args = new List<string>(path);
            if (network) args.AddRange(pinned!);
            else
                for (var i = random.Next(0, command.Arguments.Count + 2); i > 0; i--) args.Add(Values[random.Next(Values.Length)]);
            for (var i = random.Next(0, 4); i > 0 && options.Length > 0; i--)
            {
                var option = options[random.Next(options.Length)];
                args.Add(option.Name);
                if (option.ValueType != typeof(bool)) args.Add(Values[random.Next(Values.Length)]);
            }
            var (exit, output, error) = CliRunner.Run([.. args]);
            var shown = string.Join(' ', args.Select(a => a.Length > 40 ? $"<{a.Length} chars>" : $"'{a}'"));
            Assert.True(exit != 70, $"exit 70 for {shown}: {error}");
            Assert.True(exit is 0 or 1 or 2 or 3, $"exit {exit} for {shown}: {error}");
            Assert.DoesNotContain("   at ", error);
            Assert.DoesNotContain(" { ", error);   // a C# record printed as a message
        }
    }

    private static IEnumerable<string[]> Leaves(Command command, string[] prefix)
    {
        foreach (var sub in command.Subcommands)
        {
            string[] path = [.. prefix, sub.Name];
            if (sub.Subcommands.Count == 0 || sub.Action is not null) yield return path;
            foreach (var leaf in Leaves(sub, path)) yield return leaf;
        }
    }

    private static Command Find(string[] path)
    {
        Command command = CommandLineApp.Build();
        foreach (var name in path) command = command.Subcommands.Single(c => c.Name == name);
        return command;
    }

    private static string CreateEmptyFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tlsdoctor-fuzz-empty-{Environment.ProcessId}.txt");
        File.WriteAllText(path, "");
        return path;
    }
}
