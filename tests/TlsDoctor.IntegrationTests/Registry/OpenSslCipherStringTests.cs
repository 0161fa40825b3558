using System.Diagnostics;
using TlsDoctor.Registry;
using TlsDoctor.Registry.OpenSsl;

namespace TlsDoctor.IntegrationTests.Registry;

/// <summary>
/// Ground truth for the cipher-string engine: the local `openssl ciphers -V` (OpenSSL 3.0) on every
/// string of openssl-cipher-strings.txt. Set and order must be identical; rejections must agree.
/// </summary>
public class OpenSslCipherStringTests
{
    private static readonly string CorpusPath = RepoPaths.Repo("tests/TlsDoctor.IntegrationTests/Registry/openssl-cipher-strings.txt");

    public static TheoryData<string, string?> Corpus()
    {
        var data = new TheoryData<string, string?>();
        foreach (var line in File.ReadAllLines(CorpusPath))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split('\t');
            data.Add(parts[0] == "<empty>" ? "" : parts[0], parts.Length > 1 ? parts[1] : null);
        }
        return data;
    }

    [Fact]
    public void The_corpus_has_at_least_fifty_strings() => Assert.True(Corpus().Count >= 50);

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Expansion_equals_openssl_ciphers_V(string cipherString, string? tls13)
    {
        var (exitCode, codes, stderr) = RunOpenSsl(cipherString, tls13);
        var ours = OpenSslCipherString.Expand(cipherString, tls13);
        if (exitCode != 0)
        {
            Assert.False(ours.IsSuccess, $"openssl rejects '{cipherString}' ({stderr.Trim()}) but the engine accepted it: {string.Join(' ', ours.Suites.Select(s => s.CodeText))}");
            return;
        }
        Assert.True(ours.IsSuccess, $"openssl accepts '{cipherString}' but the engine says: {ours.Error}");
        Assert.Equal(string.Join(' ', codes), string.Join(' ', ours.Suites.Select(s => s.CodeText)));
    }

    [Theory]
    [InlineData("ALL:COMPLEMENTOFALL", 0)]
    [InlineData("ALL:COMPLEMENTOFALL", 1)]
    [InlineData("ALL:COMPLEMENTOFALL", 2)]
    [InlineData("ALL:COMPLEMENTOFALL", 3)]
    [InlineData("ALL:COMPLEMENTOFALL", 4)]
    [InlineData("ALL:COMPLEMENTOFALL", 5)]
    [InlineData("DEFAULT", null)]
    [InlineData("HIGH:!aNULL:!MD5", null)]
    [InlineData("ECDH+AESGCM:DH+AESGCM:ECDH+AES256:DH+AES256:ECDH+AES128:DH+AES:RSA+AESGCM:RSA+AES:!aNULL:!MD5:!DSS", 3)]
    [InlineData("kPSK:kSRP:kRSA:@STRENGTH", 2)]
    public void Supported_suites_equal_openssl_ciphers_s(string cipherString, int? level)
    {
        var full = level is { } l ? $"{cipherString}:@SECLEVEL={l}" : cipherString;
        // -psk and -srp keep PSK and SRP suites, which a client without those credentials would drop.
        var (exit, stdout, stderr) = Run("openssl", ["ciphers", "-s", "-psk", "-srp", "-V", full]);
        Assert.True(exit == 0, stderr);
        var expected = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => Codepoint.TryParse(line.Trim().Split(' ')[0], out var v) ? Codepoint.Format(v) : line);
        var ours = OpenSslCipherString.Expand(full);
        Assert.Equal(string.Join(' ', expected), string.Join(' ', ours.Supported().Select(s => s.CodeText)));
    }

    [Fact]
    public void Every_suite_openssl_knows_is_known_to_the_engine_with_the_same_names_and_attributes()
    {
        var output = Run("openssl", ["ciphers", "-V", "-stdname", "-ciphersuites",
            string.Join(':', OpenSslCipherString.KnownTls13Suites.Select(s => s.IanaName)), "ALL:COMPLEMENTOFALL:@SECLEVEL=0"]).Stdout;
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(OpenSslCipherString.KnownSuites.Count + OpenSslCipherString.KnownTls13Suites.Count, lines.Length);
        foreach (var line in lines)
        {
            // "0xC0,0x2F - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 - ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 Kx=ECDH Au=RSA Enc=AESGCM(128) Mac=AEAD"
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var suite = CipherSuites.Find(f[0])!;
            Assert.NotNull(suite);
            Assert.Equal(f[2], suite.IanaName);
            Assert.Equal(f[4], suite.OpenSslName);
            Assert.Equal(f[5] == "TLSv1" ? "TLSv1.0" : f[5], suite.MinProtocol!.Value.Name);
            Assert.Equal($"Kx={suite.Kx}", f[6]);
            Assert.Equal($"Au={suite.Auth}", f[7]);
            Assert.Equal(suite.Enc == "None" ? "Enc=None" : $"Enc={suite.Enc}({suite.EncBits})", f[8]);
            Assert.Equal($"Mac={suite.Mac}", f[9]);
        }
    }

    private static (int ExitCode, string[] Codes, string Stderr) RunOpenSsl(string cipherString, string? tls13)
    {
        var args = new List<string> { "ciphers", "-V" };
        if (tls13 is not null) { args.Add("-ciphersuites"); args.Add(tls13); }
        args.Add(cipherString);
        var (exit, stdout, stderr) = Run("openssl", args);
        var codes = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Trim().Split(' ')[0])
            .Select(c => Codepoint.TryParse(c, out var v) ? Codepoint.Format(v) : throw new FormatException($"openssl printed '{c}'"))
            .ToArray();
        return (exit, codes, stderr);
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(30_000)) { p.Kill(); throw new TimeoutException($"{file} did not finish"); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
