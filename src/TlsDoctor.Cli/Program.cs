using System.CommandLine;
using TlsDoctor.Cli;

return CommandLineApp.Run(args);

namespace TlsDoctor.Cli
{
    public static class CommandLineApp
    {
        public static RootCommand Build()
        {
            var root = new RootCommand("TlsDoctor: why a client cannot negotiate TLS with a load balancer, and what to change so it can.");
            foreach (var command in AllCommands()) root.Subcommands.Add(command);
            return root;
        }

        private static IEnumerable<Command> AllCommands()
        {
            yield return Commands.CaptureCommand.Create();
            yield return Commands.CiphersCommand.Create();
            yield return Commands.PoliciesCommand.Create();
            yield return Commands.ClientsCommand.Create();
            yield return Commands.ServeCommand.Create();
            yield return Commands.DiagnoseCommand.Create();
            yield return Commands.DemoCommand.Create();
            yield return Commands.HelloCommand.Create();
            yield return Commands.ScanCommand.Create();
            yield return Commands.ProbeCommand.Create();
            yield return Commands.SimulateCommand.Create();
            yield return Commands.RecommendCommand.Create();
            yield return Commands.IdentifyCommand.Create();
            yield return Commands.LogsCommand.Create();
            yield return Commands.ReportCommand.Create();
        }

        public static int Run(string[] args, TextWriter? stdout = null, TextWriter? stderr = null, Func<Stream>? stdin = null)
        {
            using var input = Options.UserInput.UseStdin(stdin);
            stdout ??= Console.Out;
            stderr ??= Console.Error;
            var root = Build();
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (var e in parse.Errors) stderr.WriteLine($"error: {e.Message}");
                stderr.WriteLine("Run 'tlsdoctor --help' for usage.");
                return ExitCodes.Usage;
            }
            try
            {
                return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
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
