namespace TlsDoctor.Io;

/// <summary>
/// The one reader of every input a user names: regular files, devices (/dev/zero never ends), FIFOs, pipes and stdin.
/// A file's reported length means nothing for a device or a pipe, so reading stops after the kind's limit plus one byte
/// whatever the length says, and an input that goes past the limit is refused rather than cut.
/// </summary>
public static class BoundedInput
{
    /// <summary>The path users give for stdin.</summary>
    public const string StandardInput = "-";

    /// <summary>Reads <paramref name="path"/> ("-" for <paramref name="stdin"/>) up to the kind's limit.</summary>
    public static InputRead Read(string path, InputKind kind, Func<Stream>? stdin = null)
    {
        if (path == StandardInput) return Read(stdin?.Invoke() ?? Console.OpenStandardInput(), "stdin", kind, dispose: stdin is null);
        if (path.Length == 0) return Fail($"no {kind.Name} named: the file name is empty");
        if (Directory.Exists(path)) return Fail($"{path} is a directory, not a {kind.Name}");
        FileStream stream;
        try
        {
            // bufferSize 0: reads go straight to the file, so a device is read only as far as the limit.
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        }
        catch (FileNotFoundException) { return Fail($"{path}: no such file"); }
        catch (DirectoryNotFoundException) { return Fail($"{path}: no such file"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return Fail($"cannot read {path}: {e.Message}");
        }
        return Read(stream, path, kind, dispose: true);
    }

    /// <summary>Reads an open stream up to the kind's limit; <paramref name="name"/> names it in the message.</summary>
    public static InputRead Read(Stream stream, string name, InputKind kind, bool dispose = false)
    {
        try
        {
            var buffer = new byte[Math.Min(kind.MaxBytes + 1, 1 << 16)];
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > kind.MaxBytes) return Fail($"{name} is larger than {kind.LimitText}, the limit for a {kind.Name}");
                    Array.Resize(ref buffer, Math.Min(kind.MaxBytes + 1, buffer.Length * 2));
                }
                var n = stream.Read(buffer, length, buffer.Length - length);
                if (n == 0) break;
                length += n;
            }
            if (length > kind.MaxBytes) return Fail($"{name} is larger than {kind.LimitText}, the limit for a {kind.Name}");
            Array.Resize(ref buffer, length);
            return new InputRead(buffer, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return Fail($"cannot read {name}: {e.Message}");
        }
        finally
        {
            if (dispose) stream.Dispose();
        }
    }

    private static InputRead Fail(string message) => new(null, message);
}
