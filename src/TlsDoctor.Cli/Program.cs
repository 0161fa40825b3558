using System.CommandLine;
using System.Runtime.InteropServices;
using TlsDoctor.Cli;

WrapperCheck.ReturnToWrapperIfStale(args);
return CommandLineApp.Run(args);

namespace TlsDoctor.Cli
{
    public static class CommandLineApp
    {
        public static RootCommand Build() => Build(only: null);

        /// <summary>
        /// The command line with every command, or with only the command <paramref name="only"/> names (the first argument
        /// of a run). A command's options are built when it is: a run of one command does not pay for all sixteen
        /// (a tenth of the start-up of `tlsdoctor ciphers`). A run parses the same either way: a command's arguments are
        /// its own, and the root has no options of its own but help and version.
        /// </summary>
        internal static RootCommand Build(string? only)
        {
            var root = new RootCommand("TlsDoctor: why a client cannot negotiate TLS with a load balancer, and what to change so it can.");
            var one = Array.FindIndex(AllCommands, c => c.Name == only);
            if (one >= 0) root.Subcommands.Add(AllCommands[one].Create());
            else foreach (var (_, create) in AllCommands) root.Subcommands.Add(create());
            return root;
        }

        /// <summary>Every command by its name, in help order (CommandLineAppTests checks each name is the command's own).</summary>
        internal static readonly (string Name, Func<Command> Create)[] AllCommands =
        [
            ("capture", Commands.CaptureCommand.Create),
            ("ciphers", Commands.CiphersCommand.Create),
            ("policies", Commands.PoliciesCommand.Create),
            ("clients", Commands.ClientsCommand.Create),
            ("serve", Commands.ServeCommand.Create),
            ("diagnose", Commands.DiagnoseCommand.Create),
            ("demo", Commands.DemoCommand.Create),
            ("hello", Commands.HelloCommand.Create),
            ("scan", Commands.ScanCommand.Create),
            ("probe", Commands.ProbeCommand.Create),
            ("simulate", Commands.SimulateCommand.Create),
            ("recommend", Commands.RecommendCommand.Create),
            ("identify", Commands.IdentifyCommand.Create),
            ("aws", Commands.AwsCommand.Create),
            ("logs", Commands.LogsCommand.Create),
            ("report", Commands.ReportCommand.Create),
        ];

        /// <summary>"unknown command 'simulat'; did you mean simulate?" when the first word after a command is no subcommand of it.</summary>
        private static string? UnknownCommand(ParseResult parse)
        {
            var command = parse.CommandResult.Command;
            if (command.Subcommands.Count == 0 || parse.UnmatchedTokens.Count == 0) return null;
            var word = parse.UnmatchedTokens[0];
            if (word.StartsWith('-')) return null;
            var close = TlsDoctor.Registry.NameSuggestions.Closest(word, command.Subcommands.Select(c => c.Name), 2);
            var shown = word.Length > 40 ? word[..40] + "…" : word;
            var where = command is RootCommand ? "" : $" of '{command.Name}'";
            return close.Count > 0
                ? $"unknown command '{shown}'{where}; did you mean {string.Join(" or ", close)}?"
                : $"unknown command '{shown}'{where}; the commands are {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}";
        }

        public static int Run(string[] args, TextWriter? stdout = null, TextWriter? stderr = null, Func<Stream>? stdin = null)
        {
            using var input = Options.UserInput.UseStdin(stdin);
            stdout ??= Rendering.Terminal.Stdout;
            stderr ??= Rendering.Terminal.Stderr;
            if (args is ["--version"])
            {
                stdout.WriteLine(Commands.VersionInfo.Text());
                return ExitCodes.Ok;
            }
            var root = Build(args.Length > 0 ? args[0] : null);
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                if (UnknownCommand(parse) is { } unknown) stderr.WriteLine($"error: {unknown}");
                else foreach (var e in parse.Errors) stderr.WriteLine($"error: {e.Message}");
                stderr.WriteLine("Run 'tlsdoctor --help' for usage.");
                return ExitCodes.Usage;
            }
            try
            {
                // Ctrl+C through a signal registration, not System.CommandLine's: its handler goes through
                // Console.CancelKeyPress, which sets the terminal's keypad mode (see Rendering.Terminal).
                using var interrupted = new CancellationTokenSource();
                using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; interrupted.Cancel(); });
                var configuration = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
                return parse.InvokeAsync(configuration, interrupted.Token).GetAwaiter().GetResult();
            }
            catch (UsageException e)
            {
                stderr.WriteLine($"error: {e.Message}");
                return ExitCodes.Usage;
            }
            catch (OperationCanceledException)
            {
                stderr.WriteLine("interrupted");
                return 130;
            }
            catch (Exception e)
            {
                stderr.WriteLine($"internal error: {e.GetType().Name}: {e.Message}");
                if (Environment.GetEnvironmentVariable("TLSDOCTOR_DEBUG") == "1") stderr.WriteLine(e);
                else stderr.WriteLine("(set TLSDOCTOR_DEBUG=1 for details)");
                return ExitCodes.Internal;
            }
        }
    }
}
