using TlsDoctor.Io;

namespace TlsDoctor.Cli.Options;

/// <summary>
/// Every file, device, pipe or stdin a command reads goes through here to <see cref="BoundedInput"/>: a refusal is
/// a <see cref="UsageException"/> (exit 2). Tests running the command line in-process give their own stdin.
/// </summary>
public static class UserInput
{
    private static readonly AsyncLocal<Func<Stream>?> Stdin = new();

    /// <summary>Makes "-" and absent inputs read <paramref name="stdin"/> in this flow until the scope ends.</summary>
    public static IDisposable UseStdin(Func<Stream>? stdin)
    {
        var previous = Stdin.Value;
        Stdin.Value = stdin;
        return new Restore(() => Stdin.Value = previous);
    }

    /// <summary>True when stdin is a pipe or file (or a test's stream), not the terminal.</summary>
    public static bool StdinIsRedirected => Stdin.Value is not null || Console.IsInputRedirected;

    public static byte[] ReadBytes(string path, InputKind kind)
    {
        var read = BoundedInput.Read(path, kind, Stdin.Value);
        return read.Bytes ?? throw new UsageException(read.Error!);
    }

    public static string ReadText(string path, InputKind kind) => System.Text.Encoding.UTF8.GetString(ReadBytes(path, kind));

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
