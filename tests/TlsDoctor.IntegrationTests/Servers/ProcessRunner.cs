using System.Diagnostics;

namespace TlsDoctor.IntegrationTests.Servers;

/// <summary>The result of a finished external command.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut)
{
    public string Output => StandardOutput + StandardError;
}

/// <summary>Runs external tools (openssl s_client, sslscan, curl, …) with a hard timeout.</summary>
public static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(string file, IEnumerable<string> arguments, TimeSpan? timeout = null,
        string? standardInput = null, string? workingDirectory = null)
    {
        ToolCheck.Require(file);
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            if (standardInput is not null) await process.StandardInput.WriteAsync(standardInput);
            process.StandardInput.Close();
        }
        catch (IOException) { /* the tool may exit before reading its input */ }
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var timedOut = false;
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            timedOut = true;
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await process.WaitForExitAsync();
        }
        return new ProcessResult(timedOut ? -1 : process.ExitCode, await stdout, await stderr, timedOut);
    }

    public static Task<ProcessResult> RunAsync(string file, params string[] arguments) => RunAsync(file, arguments, null);
}
