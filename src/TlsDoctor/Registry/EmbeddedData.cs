using System.Text;

namespace TlsDoctor.Registry;

/// <summary>
/// The data files (data/…) built into the library, each named by its path. Read whole, as UTF-8: most commands start by
/// reading one or two of them, so this avoids a stream reader's block-by-block copies.
/// </summary>
public static class EmbeddedData
{
    /// <summary>The embedded files whose path starts with <paramref name="prefix"/> ("data/policies/"), in ordinal order.</summary>
    public static IReadOnlyList<string> Names(string prefix) =>
        typeof(EmbeddedData).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    /// <summary>The bytes of an embedded file; a missing one is a build defect.</summary>
    public static byte[] Bytes(string name)
    {
        using var stream = typeof(EmbeddedData).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidDataException($"embedded data file '{name}' is missing");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>The UTF-8 bytes of an embedded file without a byte-order mark (what a JSON or UTF-8 reader takes).</summary>
    public static ReadOnlyMemory<byte> Utf8(string name)
    {
        var bytes = Bytes(name);
        return bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? bytes.AsMemory(Encoding.UTF8.Preamble.Length) : bytes;
    }

    /// <summary>The text of an embedded file (UTF-8, without a byte-order mark).</summary>
    public static string Text(string name) => Encoding.UTF8.GetString(Utf8(name).Span);
}
