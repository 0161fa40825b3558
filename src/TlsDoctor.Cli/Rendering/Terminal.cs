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
    /// Writes to a descriptor with write(2), which moves the descriptor's shared offset: a FileStream writes a regular
    /// file at offsets of its own (pwrite), so stdout and stderr sent to one file (2&gt;&amp;1), or two commands in a row
    /// sent to one file, would overwrite each other. Once the reader has gone (`tlsdoctor … | head`: EPIPE), the rest
    /// is dropped as the Console does, rather than failing the command.
    /// </summary>
    private sealed class DescriptorStream(int descriptor) : Stream
    {
        private const int Eintr = 4, Eagain = 11;
        private bool _closed;

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            while (!_closed && buffer.Length > 0)
            {
                var written = write(descriptor, ref System.Runtime.InteropServices.MemoryMarshal.GetReference(buffer), buffer.Length);
                if (written > 0) { buffer = buffer[(int)written..]; continue; }
                var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                if (written < 0 && errno is Eintr) continue;
                if (written < 0 && errno is Eagain) { Thread.Sleep(1); continue; }
                _closed = true;   // EPIPE, EBADF, a full disk: nothing more can be shown
            }
        }

        public override void Flush() { }

        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        private static extern nint write(int fd, ref byte buffer, nint count);

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
