namespace TlsDoctor.Logs;

/// <summary>
/// Turns the command line's PATH arguments into log sources: files, folders (recursively, in name order), "-" for
/// standard input, s3://bucket/prefix through an injected lister (TlsDoctor.Aws). Bad arguments come back as one
/// sentence for the operator.
/// </summary>
public static class LogInputs
{
    public static LogInputResolution Resolve(IReadOnlyList<string> paths, LogDateRange range, Func<Stream> standardInput,
        Func<string, LogDateRange, LogInputResolution>? s3 = null)
    {
        if (paths.Count == 0) return LogInputResolution.Failure("no log given: name files, folders, - (standard input) or s3://bucket/prefix");
        var sources = new List<LogSource>();
        var stdinUsed = false;
        foreach (var path in paths)
        {
            if (path == "-")
            {
                if (stdinUsed) return LogInputResolution.Failure("'-' (standard input) is given twice");
                stdinUsed = true;
                sources.Add(new LogSource("-", standardInput));
            }
            else if (path.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
            {
                if (s3 is null) return LogInputResolution.Failure($"'{path}': reading from S3 is not available here");
                var listed = s3(path, range);
                if (!listed.IsSuccess) return listed;
                sources.AddRange(listed.Sources);
            }
            else if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden })
                    .Where(f => range.IncludesPath(Path.GetRelativePath(path, f)) && range.IncludesPath(f))
                    .Order(StringComparer.Ordinal)
                    .Select(File)
                    .ToList();
                sources.AddRange(files);
            }
            else if (System.IO.File.Exists(path)) sources.Add(File(path));
            else return LogInputResolution.Failure($"'{path}': no such file or folder");
        }
        return LogInputResolution.Success(sources);
    }

    private static LogSource File(string path) => new(path, () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan))
    {
        Length = new FileInfo(path).Length,
    };
}
