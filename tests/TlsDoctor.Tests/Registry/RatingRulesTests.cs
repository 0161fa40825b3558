using TlsDoctor.Registry;

namespace TlsDoctor.Tests.Registry;

/// <summary>
/// The rating rules (a port of ciphersuite.info's) against every row of data/registry/cipher-suites.csv,
/// whose rating, csinfo_* token, aead and pfs columns were compiled independently from the site's
/// rules and checked against a public snapshot of its ratings (data/SOURCES.md).
/// </summary>
public class RatingRulesTests
{
    private static readonly CsvTable Csv = CsvTable.LoadEmbedded("data/registry/cipher-suites.csv");

    public static TheoryData<string> Codes()
    {
        var data = new TheoryData<string>();
        foreach (var row in Csv.Rows) data.Add(Csv.Get(row, "code_u16"));
        return data;
    }

    private static (CsvRow Row, CipherSuite Suite) Load(string code)
    {
        var row = Csv.Rows.Single(r => Csv.Get(r, "code_u16") == code);
        return (row, CipherSuites.Find(Convert.ToUInt16(code, 16))!);
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Rating_from_the_rules_equals_the_rating_column(string code)
    {
        var (row, suite) = Load(code);
        var expected = Csv.Get(row, "rating");
        Assert.Equal(expected, suite.Rating?.ToString().ToLowerInvariant() ?? "");
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Tokens_equal_the_csinfo_columns(string code)
    {
        var (row, suite) = Load(code);
        if (suite.IsSignalling) { Assert.Null(suite.Tokens); return; }
        var t = suite.Tokens!;
        Assert.Equal(
            string.Join(" / ", new[] { "csinfo_protocol", "csinfo_kex", "csinfo_auth", "csinfo_enc", "csinfo_hash" }.Select(c => Csv.Get(row, c))),
            string.Join(" / ", t.Protocol, t.Kex, t.Auth, t.Enc, t.Hash));
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Derived_flags_equal_the_aead_pfs_and_export_columns(string code)
    {
        var (row, suite) = Load(code);
        Assert.Equal(Csv.Get(row, "aead") == "true", suite.IsAead);
        Assert.Equal(Csv.Get(row, "pfs") == "true", suite.IsForwardSecret);
        Assert.Equal(Csv.Get(row, "export") == "true", suite.IsExport);
        if (!suite.IsSignalling) Assert.Equal(Csv.Get(row, "aead") == "true", RatingRules.IsAead(suite.Tokens!));
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Vulnerabilities_equal_the_rating_vulnerabilities_column(string code)
    {
        var (row, suite) = Load(code);
        var expected = Csv.Get(row, "rating_vulnerabilities").Split(';', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
        Assert.Equal(expected, suite.Vulnerabilities.Select(v => v.ToString()).Order(StringComparer.Ordinal));
    }

    // The worked examples of the rules (RATINGS.md test vectors), independent of the CSV.
    [Theory]
    [InlineData(0x1301, "TLS_AES_128_GCM_SHA256", "TLS / - / - / AES 128 GCM / SHA256", Rating.Recommended)]
    [InlineData(0x1304, "TLS_AES_128_CCM_SHA256", "TLS / - / - / AES 128 CCM / SHA256", Rating.Secure)]
    [InlineData(0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS / ECDHE / RSA / AES 128 GCM / SHA256", Rating.Secure)]
    [InlineData(0xC0AC, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", "TLS / ECDHE / ECDSA / AES 128 CCM / SHA256", Rating.Secure)]
    [InlineData(0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "TLS / DHE / RSA / AES 128 GCM / SHA256", Rating.Weak)]
    [InlineData(0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5", "TLS EXPORT / RSA / RSA / RC4 40 / MD5", Rating.Insecure)]
    [InlineData(0x00A6, "TLS_DH_anon_WITH_AES_128_GCM_SHA256", "TLS / DH / anon / AES 128 GCM / SHA256", Rating.Insecure)]
    [InlineData(0xC01D, "TLS_SRP_SHA_WITH_AES_128_CBC_SHA", "TLS / SRP / SHA / AES 128 CBC / SHA", Rating.Weak)]
    [InlineData(0xC0B0, "TLS_ECCPWD_WITH_AES_128_GCM_SHA256", "TLS / ECCPWD / ECCPWD / AES 128 GCM / SHA256", Rating.Recommended)]
    [InlineData(0xC0B4, "TLS_SHA256_SHA256", "TLS / - / SHA256 / NULL / SHA256", Rating.Insecure)]
    [InlineData(0x00C6, "TLS_SM4_GCM_SM3", "TLS / - / - / SM4 GCM / SM3", Rating.Insecure)]
    [InlineData(0x00B2, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA256", "TLS / DHE / PSK / AES 128 CBC / SHA256", Rating.Weak)]
    public void Worked_examples(int code, string name, string tokens, Rating rating)
    {
        var t = RatingRules.Tokenize((ushort)code, name);
        Assert.Equal(tokens, t.ToString());
        Assert.Equal(rating, RatingRules.Rate(RatingRules.Vulnerabilities(t), t));
    }
}
