using System.Diagnostics;

namespace TlsDoctor.IntegrationTests.Cli;

/// <summary>
/// The CLI as a user's shell runs it, on a real pseudo-terminal (util-linux `script`): with stdout and stderr
/// redirected it writes nothing to the terminal; printing to the terminal, it colours unless NO_COLOR is set.
/// </summary>
public class TerminalOutputTests
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "tlsdoctor.dll");

    [Theory]
    [InlineData("ciphers 0xC02F")]
    [InlineData("policies list")]
    [InlineData("clients list")]
    [InlineData("simulate --client java-7u25 --policy ELBSecurityPolicy-2016-08")]
    [InlineData("scan 127.0.0.1:1 --timeout 1")]
    [InlineData("diagnose 127.0.0.1:1 --timeout 1")]
    [InlineData("hello decode 1603")]
    public async Task Nothing_reaches_the_terminal_when_both_outputs_are_redirected(string args)
    {
        var dir = Directory.CreateTempSubdirectory("tlsdoctor-tty-").FullName;
        try
        {
            var terminal = await OnTerminalAsync($"dotnet {Cli} {args} > {dir}/out 2> {dir}/err");
            Assert.True(terminal.Length == 0, $"written to the terminal: {Escape(terminal)}");
            Assert.True(new FileInfo($"{dir}/out").Length + new FileInfo($"{dir}/err").Length > 0, "the command wrote nothing at all");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public async Task No_color_turns_colours_off_on_a_terminal()
    {
        var coloured = await OnTerminalAsync($"dotnet {Cli} ciphers 0xC02F");
        var plain = await OnTerminalAsync($"NO_COLOR=1 dotnet {Cli} ciphers 0xC02F");
        Assert.Matches(@"\x1b\[[0-9;]*m", coloured);
        Assert.DoesNotMatch(@"\x1b\[[0-9;]*m", plain);
        Assert.Contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", plain);
    }

    [Fact]
    public async Task Stdout_and_stderr_sent_to_one_file_by_two_runs_keep_every_line()
    {
        var file = Path.GetTempFileName();
        try
        {
            // Run 1 writes a document to stdout, run 2 an error to stderr, both into the same file (2>&1).
            await OnTerminalAsync($"{{ dotnet {Cli} ciphers 0xC02F --json; dotnet {Cli} simulat; }} > {file} 2>&1");
            var text = await File.ReadAllTextAsync(file);
            Assert.Contains("\"iana\": \"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\"", text);
            Assert.Contains("error: unknown command 'simulat'; did you mean simulate?", text);
            Assert.StartsWith("[", text.TrimStart());
        }
        finally { File.Delete(file); }
    }

    private static async Task<string> OnTerminalAsync(string shellCommand)
    {
        var psi = new ProcessStartInfo("script") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in new[] { "-qec", shellCommand, "/dev/null" }) psi.ArgumentList.Add(a);
        psi.Environment["COLUMNS"] = "120";
        psi.Environment["TERM"] = "xterm-256color";
        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        await error;
        return await output;
    }

    private static string Escape(string s) => string.Concat(s.Select(c => c < 0x20 ? $"\\x{(int)c:x2}" : c.ToString()));
}
