using System.Diagnostics;
using TlsDoctor.Registry;

namespace TlsDoctor.IntegrationTests.Negotiation;

/// <summary>The cipher suites the installed OpenSSL implements (`openssl ciphers -V ALL:COMPLEMENTOFALL:@SECLEVEL=0`, plus TLS 1.3).</summary>
public static class OpenSslCapabilities
{
    private static readonly Lazy<HashSet<ushort>> SuitesValue = new(() =>
    {
        var psi = new ProcessStartInfo(Servers.ToolCheck.Require("openssl")) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "ciphers", "-V", "ALL:COMPLEMENTOFALL:@SECLEVEL=0" }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var set = new HashSet<ushort>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (Codepoint.TryParse(line.Split(' ')[0], out var code)) set.Add(code);
        return set;
    });

    public static IReadOnlySet<ushort> Suites => SuitesValue.Value;
}
