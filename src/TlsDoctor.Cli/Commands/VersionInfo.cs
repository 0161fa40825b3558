using System.Reflection;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;
using TlsDoctor.Policies;

namespace TlsDoctor.Cli.Commands;

/// <summary>`tlsdoctor --version`: the version, how this build was compiled, and how current its policy catalog is.</summary>
public static class VersionInfo
{
    public static string Text()
    {
        var version = typeof(VersionInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
                      ?? typeof(VersionInfo).Assembly.GetName().Version?.ToString(3) ?? "unknown";
        var catalog = PolicyCatalog.Summary;
        var date = catalog.CheckedOn is { } d ? $", checked against its sources {d}" : "";
        return $"tlsdoctor {version}\nbuild: {BuildKind()}\npolicy catalog: {catalog.Policies} policies of {catalog.Providers.Count} providers{date}";
    }

    /// <summary>"native" (Native AOT), "ReadyToRun" (precompiled IL), or "JIT" (a development build).</summary>
    public static string BuildKind()
    {
        if (!RuntimeFeature.IsDynamicCodeSupported) return "native";
        try
        {
            var path = typeof(VersionInfo).Assembly.Location;
            if (path.Length == 0) return "JIT";
            using var reader = new PEReader(File.OpenRead(path));
            // ReadyToRun images carry a managed native header (ECMA-335 II.25.3.3, "ManagedNativeHeader").
            return reader.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0 ? "ReadyToRun" : "JIT";
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or UnauthorizedAccessException) { return "JIT"; }
    }
}
