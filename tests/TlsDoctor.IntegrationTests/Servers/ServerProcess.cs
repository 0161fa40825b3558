using System.Diagnostics;
using System.Text;

namespace TlsDoctor.IntegrationTests.Servers;

/// <summary>
/// A real server process listening on 127.0.0.1:<see cref="Port"/>. Started by the launchers
/// (<see cref="OpenSslServer"/>, <see cref="HaproxyServer"/>, <see cref="NginxServer"/>); killed with its
/// children on dispose, so no test leaves a process behind.
/// </summary>
public sealed class ServerProcess : IDisposable, IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServerProcess(Process process, int port, string description)
    {
        _process = process;
        Port = port;
        Description = description;
    }

    public int Port { get; }
    public string Host => "127.0.0.1";
    public string Endpoint => $"127.0.0.1:{Port}";
    public string Description { get; }

    /// <summary>What the server printed so far (stdout and stderr), for assertion messages.</summary>
    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>
    /// Starts <paramref name="file"/> with the arguments <paramref name="argumentsFor"/> gives for a free port, and returns once
    /// this process holds the listening socket. Another program (another test run on the same machine) can bind the port
    /// between the check and the start: the server then exits, or the port answers for someone else, so readiness is the
    /// kernel's word that this very process listens there, and a server that exits before listening is started again on
    /// another port.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string file, Func<int, IEnumerable<string>> argumentsFor, string description,
        TimeSpan? startTimeout = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var server = Launch(file, argumentsFor(port), port, description);
            var ready = await FreePort.WaitUntilListeningAsync(port, startTimeout ?? TimeSpan.FromSeconds(60), server._process);
            if (ready) return server;
            var exited = server._process.HasExited;
            server.Dispose();
            if (!exited || attempt == 3)
                throw new InvalidOperationException($"{description} did not start listening on port {port}:\n{server.Log}");
        }
    }

    private static ServerProcess Launch(string file, IEnumerable<string> arguments, int port, string description)
    {
        var psi = new ProcessStartInfo(ToolCheck.Require(file))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var server = new ServerProcess(process, port, description);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (server._log) server._log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (server._log) server._log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // Standard input stays open (redirected, never closed): openssl s_server treats end of input as 'quit'.
        return server;
    }

    public bool HasExited => _process.HasExited;

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public override string ToString() => $"{Description} on {Endpoint}";
}
