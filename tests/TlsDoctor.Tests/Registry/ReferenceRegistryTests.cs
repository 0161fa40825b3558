using TlsDoctor.Registry;

namespace TlsDoctor.Tests.Registry;

/// <summary>
/// The embedded registries against the reference exports they were carried from
/// (../shared/reference/registry, see data/SOURCES.md): every row known, by code and by every name.
/// </summary>
public class ReferenceRegistryTests
{
    private static CsvTable Reference(string file) => CsvTable.Parse(File.ReadAllText(RepoPaths.SharedReference("registry/" + file)));

    [Fact]
    public void Every_reference_cipher_suite_is_known_with_the_same_names()
    {
        var csv = Reference("cipher-suites.csv");
        Assert.Equal(csv.Rows.Count, CipherSuites.All.Count);
        foreach (var row in csv.Rows)
        {
            string? Opt(string c) => csv.Get(row, c) is { Length: > 0 } v ? v : null;
            var code = Convert.ToUInt16(csv.Get(row, "code_u16"), 16);
            var suite = CipherSuites.Find(code);
            Assert.True(suite is not null, $"{csv.Get(row, "code")} missing");
            Assert.Equal(Opt("iana_name"), suite.IanaName);
            Assert.Equal(Opt("openssl_name"), suite.OpenSslName);
            Assert.Equal(Opt("openssl_name_alt"), suite.OpenSslNameAlt);
            Assert.Equal(Opt("gnutls_name"), suite.GnuTlsName);
            Assert.Equal(csv.Get(row, "kx"), suite.Kx);
            Assert.Equal(csv.Get(row, "enc"), suite.Enc);
            Assert.Equal(csv.Get(row, "mac"), suite.Mac);
            Assert.Equal(csv.Get(row, "rating"), suite.Rating?.ToString().ToLowerInvariant() ?? "");
            // Every name finds the suite again. A few non-IANA names are shared: testssl.sh calls the pre-standard
            // GOST suite 0xFF85 by the IANA name of 0xC102 (the IANA holder wins), and lists the Netscape
            // SSL_RSA_FIPS_* suites under two code points each (either is a correct answer).
            foreach (var name in new[] { suite.IanaName, suite.OpenSslName, suite.GnuTlsName, Opt("name") }.OfType<string>())
            {
                var holders = CipherSuites.All.Where(s => new[] { s.IanaName, s.Name, s.OpenSslName, s.GnuTlsName }.Contains(name)).ToArray();
                var ianaHolder = holders.SingleOrDefault(s => s.IanaName == name);
                var found = CipherSuites.Find(name)!;
                if (ianaHolder is not null) Assert.Equal(ianaHolder.Code, found.Code);
                else if (holders.Length == 1) Assert.Equal(code, found.Code);
                else Assert.Contains(found, holders);
            }
            Assert.Equal(code, CipherSuites.Find(csv.Get(row, "code"))!.Code);
        }
    }

    [Fact]
    public void Every_reference_group_signature_scheme_and_extension_is_known()
    {
        var groups = Reference("groups.csv");
        foreach (var row in groups.Rows)
        {
            var g = Groups.Find(ushort.Parse(groups.Get(row, "code")));
            Assert.NotNull(g);
            Assert.Equal(groups.Get(row, "name"), g.Name);
            if (groups.Get(row, "kind") != "grease") Assert.Same(g, Groups.Find(groups.Get(row, "name")));
            if (groups.Get(row, "openssl_name") is { Length: > 0 } o && groups.Get(row, "kind") != "grease") Assert.Same(g, Groups.Find(o));
        }
        var schemes = Reference("signature-schemes.csv");
        foreach (var row in schemes.Rows)
        {
            var s = SignatureSchemes.Find(schemes.Get(row, "name"));
            Assert.NotNull(s);
            Assert.Equal(Convert.ToUInt16(schemes.Get(row, "code"), 16), s.Code);
        }
        var extensions = Reference("extensions.csv");
        var rows = extensions.Rows.Where(r => extensions.Get(r, "context") == "extension").ToArray();
        foreach (var row in rows)
        {
            var e = Extensions.Find(ushort.Parse(extensions.Get(row, "code")));
            Assert.NotNull(e);
            Assert.Equal(extensions.Get(row, "name"), e.Name);
            // Names are unique except "Reserved" (40 and 46, RFC 9847) and GREASE.
            if (!Grease.IsGrease(e.Code) && rows.Count(r => extensions.Get(r, "name") == e.Name) == 1)
                Assert.Equal(e.Code, Extensions.Find(e.Name)!.Code);
        }
    }

    [Theory]
    [InlineData("RSA+SHA256", 0x0401)]
    [InlineData("ECDSA+SHA384", 0x0503)]
    [InlineData("RSA-PSS+SHA256", 0x0804)]
    [InlineData("PSS+SHA512", 0x0806)]
    [InlineData("ed25519", 0x0807)]
    [InlineData("0x0804", 0x0804)]
    public void Signature_schemes_are_found_by_iana_and_openssl_spellings(string name, int code) =>
        Assert.Equal(code, SignatureSchemes.Find(name)!.Code);

    [Fact]
    public void Post_quantum_hybrid_groups_are_known_by_name_and_code()
    {
        Assert.Equal(0x11EC, Groups.Find("X25519MLKEM768")!.Code);
        Assert.Equal(0x11EC, Groups.Find("0x11EC")!.Code);
        Assert.True(Groups.Find("X25519MLKEM768")!.IsPostQuantum);
        Assert.Equal(0x11EB, Groups.Find("SecP256r1MLKEM768")!.Code);
    }

    [Fact]
    public void The_data_files_equal_the_reference_except_documented_token_fixes()
    {
        foreach (var file in new[] { "groups.csv", "signature-schemes.csv", "extensions.csv", "sslv2-ciphers.csv" })
            Assert.Equal(File.ReadAllText(RepoPaths.SharedReference("registry/" + file)), File.ReadAllText(RepoPaths.Repo("data/registry/" + file)));
        // cipher-suites.csv: the ten legacy GOST rows carry the parser's tokens instead of hand-assigned ones (data/SOURCES.md).
        var ours = CsvTable.Parse(File.ReadAllText(RepoPaths.Repo("data/registry/cipher-suites.csv")));
        var reference = Reference("cipher-suites.csv");
        var changed = new HashSet<string>();
        for (int i = 0; i < ours.Rows.Count; i++)
            foreach (var column in ours.Header)
                if (ours.Get(ours.Rows[i], column) != reference.Get(reference.Rows[i], column))
                {
                    Assert.Contains(column, new[] { "csinfo_kex", "csinfo_auth", "csinfo_enc", "csinfo_hash", "rating_vulnerabilities", "rating_basis" });
                    changed.Add(ours.Get(ours.Rows[i], "code_u16"));
                }
        Assert.Equal(["0x0080", "0x0081", "0x0082", "0x0083", "0xFF00", "0xFF01", "0xFF02", "0xFF03", "0xFF85", "0xFF87"], changed.Order());
    }
}
