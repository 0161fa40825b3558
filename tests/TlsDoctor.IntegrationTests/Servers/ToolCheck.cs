namespace TlsDoctor.IntegrationTests.Servers;

/// <summary>
/// Integration tests need real programs. A missing one is a failed test with a clear message,
/// not a skipped one: test.sh installs them.
/// </summary>
public static class ToolCheck
{
    public static string Require(string tool)
    {
        if (Path.IsPathRooted(tool)) return File.Exists(tool) ? tool : throw Missing(tool);
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/sbin", "/sbin"]))
        {
            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate)) return candidate;
        }
        throw Missing(tool);
    }

    private static Exception Missing(string tool) =>
        new InvalidOperationException($"'{tool}' is not installed; run ./test.sh, which installs the test dependencies");
}
