using System.CommandLine;
using System.Net;
using TlsDoctor.Io;

namespace TlsDoctor.Cli.Options;

/// <summary>The <c>--listen</c> option of serve and capture: one description, one parser (<see cref="ListenAddress"/>).</summary>
public static class ListenOption
{
    public const string Default = "127.0.0.1:8443";
    private const int DefaultPort = 8443;

    /// <summary>The option; its value is null when not given (capture tells a listener from --pcap by it).</summary>
    public static Option<string?> Create(string extra = "") => new("--listen", "-l")
    {
        Description = $"Where to listen: {ListenAddress.Forms} (default {Default}; an address alone listens on port {DefaultPort}; port 0 picks a free one).{extra}",
    };

    /// <summary>The endpoint (<see cref="Default"/> when <paramref name="text"/> is null), or a <see cref="UsageException"/> naming the accepted forms.</summary>
    public static IPEndPoint Parse(string? text) =>
        ListenAddress.Parse(text ?? Default, DefaultPort) ?? throw new UsageException($"--listen expects {ListenAddress.Forms} (got '{text}')");
}
