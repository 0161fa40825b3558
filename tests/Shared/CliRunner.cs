using TlsDoctor.Cli;

namespace TlsDoctor.Testing;

/// <summary>Runs the command line in-process with captured output, as a user's shell would see it.</summary>
public static class CliRunner
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CommandLineApp.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>As <see cref="Run"/>, with <paramref name="stdin"/> as the command's standard input.</summary>
    public static (int Exit, string Out, string Err) RunWithStdin(Stream stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CommandLineApp.Run(args, stdout, stderr, () => stdin);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
