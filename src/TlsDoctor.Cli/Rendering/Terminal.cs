using Microsoft.Win32.SafeHandles;

namespace TlsDoctor.Cli.Rendering;

/// <summary>
/// The process's stdout and stderr, written through their file descriptors. On Unix, .NET's Console streams put the
/// terminal into keypad-transmit mode (ESC[?1h ESC=) on first use, through whichever of stdin/stdout is a terminal:
/// a run with both outputs redirected still wrote it to the terminal. Writing to the descriptors never touches the
/// terminal's modes, so nothing is written to a terminal the command is not printing to.
/// </summary>
public static class Terminal
{
    private static readonly Lazy<TextWriter> LazyStdout = new(() => Open(1));
    private static readonly Lazy<TextWriter> LazyStderr = new(() => Open(2));

    public static TextWriter Stdout => OperatingSystem.IsWindows() ? Console.Out : LazyStdout.Value;
    public static TextWriter Stderr => OperatingSystem.IsWindows() ? Console.Error : LazyStderr.Value;

    /// <summary>True when <paramref name="writer"/> is this process's stdout or stderr and that is a terminal.</summary>
    public static bool IsTerminal(TextWriter writer) =>
        (ReferenceEquals(writer, Stdout) && !Console.IsOutputRedirected) || (ReferenceEquals(writer, Stderr) && !Console.IsErrorRedirected);

    /// <summary>Colours and cursor control: on a terminal, unless NO_COLOR is set (https://no-color.org).</summary>
    public static bool UsesColour(TextWriter writer) => IsTerminal(writer) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    /// <summary>The terminal's width in columns; null when <paramref name="writer"/> is not a terminal or the width is unknown.</summary>
    public static int? Width(TextWriter writer)
    {
        if (!IsTerminal(writer)) return null;
        try { return Console.WindowWidth is > 0 and var w ? w : null; }
        catch (IOException) { return null; }
    }

    private static TextWriter Open(int descriptor) =>
        TextWriter.Synchronized(new StreamWriter(new DescriptorStream(descriptor), new System.Text.UTF8Encoding(false), 4096) { AutoFlush = true });

    /// <summary>
    /// Writes to a descriptor; once the reader has gone (`tlsdoctor … | head`: EPIPE), the rest is dropped as the
    /// Console does, rather than failing the command.
    /// </summary>
    private sealed class DescriptorStream(int descriptor) : Stream
    {
        private readonly FileStream _file = new(new SafeFileHandle(descriptor, ownsHandle: false), FileAccess.Write, 1);
        private bool _closed;

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_closed) return;
            try { _file.Write(buffer); }
            catch (IOException) { _closed = true; }
        }

        public override void Flush()
        {
            if (_closed) return;
            try { _file.Flush(); }
            catch (IOException) { _closed = true; }
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
