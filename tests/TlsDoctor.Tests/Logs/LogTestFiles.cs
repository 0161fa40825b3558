using System.IO.Compression;
using TlsDoctor.Logs;

namespace TlsDoctor.Tests.Logs;

/// <summary>A temporary folder of generated logs in the S3 key layout, deleted on dispose.</summary>
internal sealed class LogTestFiles : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("tlsdoctor-logs-").FullName;

    /// <summary>A file under AWSLogs/123456789012/elasticloadbalancing/us-east-2/{day}/ (gzip when the name ends in .gz).</summary>
    public string Write(string day, string name, Action<TextWriter> content)
    {
        var folder = Path.Combine(Root, "AWSLogs", "123456789012", "elasticloadbalancing", "us-east-2", day.Replace('-', '/'));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        using var file = File.Create(path);
        using Stream stream = name.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionLevel.Fastest) : file;
        using var writer = new StreamWriter(stream);
        content(writer);
        return path;
    }

    public IReadOnlyList<LogSource> Sources(LogDateRange? range = null)
    {
        var resolved = LogInputs.Resolve([Root], range ?? LogDateRange.All, () => Stream.Null);
        Assert.True(resolved.IsSuccess, resolved.Error);
        return resolved.Sources;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
