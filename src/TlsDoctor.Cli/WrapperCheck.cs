using System.Runtime.InteropServices;

namespace TlsDoctor.Cli;

/// <summary>
/// The staleness check of the <c>./tlsdoctor</c> wrapper, run by the build it starts. The wrapper execs its build at once
/// with <see cref="Variable"/> naming the source tree; before anything else, the build compares the times of the sources and
/// folders its build recorded (<c>.build/cli/.sources</c>, <c>.folders</c>) with the build's stamps, the same test the
/// wrapper's own check makes (<c>[ SOURCE -nt .built ]</c>, <c>[ FOLDER -nt .checked ]</c>). When one is newer, the
/// wrapper runs again with <see cref="FullCheck"/> set, and its own check decides (compares the tree's sources with the
/// build's, builds when they differ). A shell that stats every source costs several milliseconds more than this.
/// </summary>
internal static class WrapperCheck
{
    /// <summary>The source tree whose build this is; set by ./tlsdoctor only.</summary>
    public const string Variable = "TLSDOCTOR_SOURCE_TREE";

    /// <summary>Set when the wrapper runs again because this check found a newer source or folder.</summary>
    public const string FullCheck = "TLSDOCTOR_FULL_CHECK";

    /// <summary>
    /// Returns when the run can go on with this build: no tree to check, or nothing in it newer than the build. Otherwise
    /// replaces the process with the wrapper (which checks fully, builds if needed, and runs the same arguments).
    /// </summary>
    public static void ReturnToWrapperIfStale(string[] args)
    {
        var tree = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(tree) || OperatingSystem.IsWindows()) return;
        Environment.SetEnvironmentVariable(Variable, null);   // not passed on to processes this run starts
        var checkOnly = Environment.GetEnvironmentVariable("TLSDOCTOR_BUILD") == "check";
        if (!MaybeStale(tree))
        {
            if (!checkOnly) return;
            Rendering.Terminal.Stdout.Write("fresh\n");
            Environment.Exit(0);
        }
        var wrapper = Path.Combine(tree, "tlsdoctor");
        var argv = new List<string> { "/bin/sh", wrapper };
        argv.AddRange(args);
        var env = new List<string>();
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            if ((string)e.Key is not (Variable or FullCheck)) env.Add($"{e.Key}={e.Value}");
        env.Add($"{FullCheck}=1");
        Exec("/bin/sh", argv, env);
        // Only when exec failed: the wrapper's full check cannot run, so this build runs as it is.
    }

    /// <summary>A source newer than the build's stamp, or a folder newer than the last check (a file came, went or was renamed).</summary>
    internal static bool MaybeStale(string tree)
    {
        var build = Path.Combine(tree, ".build", "cli");
        try
        {
            var built = File.GetLastWriteTimeUtc(Path.Combine(build, ".built"));
            var checkedAt = File.GetLastWriteTimeUtc(Path.Combine(build, ".checked"));
            return AnyNewer(tree, Path.Combine(build, ".sources"), built) || AnyNewer(tree, Path.Combine(build, ".folders"), checkedAt);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;   // a list or stamp is missing or unreadable: the wrapper's check rebuilds
        }
    }

    private static bool AnyNewer(string tree, string list, DateTime than)
    {
        foreach (var line in File.ReadLines(list))
            if (line.Length > 0 && File.GetLastWriteTimeUtc(Path.Combine(tree, line)) > than) return true;
        return false;
    }

    private static void Exec(string path, List<string> argv, List<string> env)
    {
        var args = ToNative(argv);
        var vars = ToNative(env);
        try { execve(path, args, vars); }
        finally
        {
            foreach (var p in args) if (p != 0) Marshal.FreeCoTaskMem(p);
            foreach (var p in vars) if (p != 0) Marshal.FreeCoTaskMem(p);
        }
    }

    /// <summary>A null-terminated array of UTF-8 C strings.</summary>
    private static nint[] ToNative(List<string> values)
    {
        var result = new nint[values.Count + 1];
        for (var i = 0; i < values.Count; i++) result[i] = Marshal.StringToCoTaskMemUTF8(values[i]);
        return result;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int execve([MarshalAs(UnmanagedType.LPUTF8Str)] string path, nint[] argv, nint[] envp);
}
