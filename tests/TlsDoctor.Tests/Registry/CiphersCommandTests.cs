using System.Text.Json;
using System.Text.RegularExpressions;
using TlsDoctor.Cli;
using TlsDoctor.Registry;

namespace TlsDoctor.Tests.Registry;

/// <summary>
/// `tlsdoctor ciphers` end to end through the command-line parser. Expected sets come from the data
/// file's own columns (data/registry/cipher-suites.csv), not from the code under test.
/// </summary>
public class CiphersCommandTests
{
    private static readonly CsvTable Csv = CsvTable.LoadEmbedded("data/registry/cipher-suites.csv");

    private static (int Exit, string Stdout, string Stderr) Run(params string[] args) => CliRunner.Run(args);

    private static JsonElement[] Json(params string[] args)
    {
        var (exit, stdout, stderr) = Run([.. args, "--json"]);
        Assert.True(exit == 0, stderr);
        return JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToArray();
    }

    private static string[] CsvCodes(Func<CsvRow, bool> where) =>
        Csv.Rows.Where(where).Select(r => Csv.Get(r, "code_u16")).ToArray();

    [Fact]
    public void Listing_without_filters_has_every_registry_row_with_every_json_key()
    {
        var rows = Json("ciphers");
        Assert.Equal(CsvCodes(_ => true).Order(), rows.Select(r => r.GetProperty("code").GetString()!).Order());
        foreach (var row in rows)
        {
            foreach (var key in new[] { "code", "iana", "openssl", "gnutls", "protocol", "kx", "auth", "enc", "bits", "mac", "aead", "pfs", "export", "rating" })
                Assert.True(row.TryGetProperty(key, out _), $"missing {key} in {row}");
            Assert.Matches(new Regex("^0x[0-9A-F]{4}$"), row.GetProperty("code").GetString());
        }
    }

    [Theory]
    [InlineData("recommended")]
    [InlineData("secure")]
    [InlineData("weak")]
    [InlineData("insecure")]
    public void Rating_filter_selects_the_rows_the_data_file_rates_so(string rating) =>
        Assert.Equal(CsvCodes(r => Csv.Get(r, "rating") == rating).Order(),
            Json("ciphers", "--rating", rating).Select(r => r.GetProperty("code").GetString()!).Order());

    [Theory]
    [InlineData("TLSv1.3", new[] { "TLSv1.3" })]
    [InlineData("tls1_2", new[] { "SSLv3", "TLSv1.0", "TLSv1.2" })]
    [InlineData("tls1", new[] { "SSLv3", "TLSv1.0" })]
    [InlineData("TLSv1.1", new[] { "SSLv3", "TLSv1.0" })]
    [InlineData("SSLv3", new[] { "SSLv3" })]
    public void Protocol_filter_selects_by_the_minimum_protocol_column(string protocol, string[] minimums) =>
        Assert.Equal(CsvCodes(r => minimums.Contains(Csv.Get(r, "min_protocol"))).Order(),
            Json("ciphers", "--protocol", protocol).Select(r => r.GetProperty("code").GetString()!).Order());

    [Fact]
    public void Sslv2_lists_the_sslv2_cipher_kinds()
    {
        var sslv2 = CsvTable.LoadEmbedded("data/registry/sslv2-ciphers.csv");
        Assert.Equal(sslv2.Rows.Select(r => sslv2.Get(r, "code_u24")).Order(),
            Json("ciphers", "--protocol", "SSLv2").Select(r => r.GetProperty("code").GetString()!).Order());
    }

    [Theory]
    [InlineData("ECDHE", "ECDH")]
    [InlineData("dh", "DH")]
    [InlineData("RSA", "RSA")]
    public void Kx_filter_selects_by_the_kx_column(string kx, string column) =>
        Assert.Equal(CsvCodes(r => Csv.Get(r, "kx") == column).Order(),
            Json("ciphers", "--kx", kx).Select(r => r.GetProperty("code").GetString()!).Order());

    [Fact]
    public void Filters_combine_and_free_text_matches_any_name()
    {
        var rows = Json("ciphers", "--rating", "recommended,secure", "--kx", "ECDHE", "--match", "chacha");
        Assert.Equal(CsvCodes(r => Csv.Get(r, "rating") is "recommended" or "secure" && Csv.Get(r, "kx") == "ECDH"
                                   && (Csv.Get(r, "name") + Csv.Get(r, "openssl_name") + Csv.Get(r, "gnutls_name")).Contains("CHACHA", StringComparison.OrdinalIgnoreCase)).Order(),
            rows.Select(r => r.GetProperty("code").GetString()!).Order());
        Assert.NotEmpty(rows);
    }

    [Theory]
    [InlineData("0xC02F")]
    [InlineData("C0,2F")]
    [InlineData("c02f")]
    [InlineData("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")]
    [InlineData("ecdhe-rsa-aes128-gcm-sha256")]
    [InlineData("TLS_ECDHE_RSA_AES_128_GCM_SHA256")]
    public void Lookup_by_any_spelling_prints_every_name(string key)
    {
        var row = Assert.Single(Json("ciphers", key));
        var csvRow = Csv.Rows.Single(r => Csv.Get(r, "code_u16") == "0xC02F");
        Assert.Equal(Csv.Get(csvRow, "iana_name"), row.GetProperty("iana").GetString());
        Assert.Equal(Csv.Get(csvRow, "openssl_name"), row.GetProperty("openssl").GetString());
        Assert.Equal(Csv.Get(csvRow, "gnutls_name"), row.GetProperty("gnutls").GetString());
        Assert.Equal(Csv.Get(csvRow, "rating"), row.GetProperty("rating").GetString());
    }

    [Fact]
    public void Openssl_expansion_json_follows_the_engine_order()
    {
        var rows = Json("ciphers", "--openssl", "ECDHE+AESGCM:!aNULL");
        var expected = TlsDoctor.Registry.OpenSsl.OpenSslCipherString.Expand("ECDHE+AESGCM:!aNULL").Suites.Select(s => s.CodeText);
        Assert.Equal(expected, rows.Select(r => r.GetProperty("code").GetString()!));
    }

    [Theory]
    [InlineData("ciphers", "ECDHE-RSA-AES128-GCM", "ECDHE-RSA-AES128-GCM-SHA256")]
    [InlineData("ciphers", "TLS_ECDHE_RSA_WITH_AES128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")]
    [InlineData("ciphers", "0x12345", "malformed")]
    [InlineData("ciphers", "0xZZ", "malformed")]
    [InlineData("ciphers", "0xABCD", "unknown cipher suite 0xABCD")]
    [InlineData("ciphers", "--rating=good", "unknown rating")]
    [InlineData("ciphers", "--protocol=TLSv1.4", "unknown protocol")]
    [InlineData("ciphers", "--kx=ECDHX", "unknown key exchange")]
    [InlineData("ciphers", "--openssl=HIGH:!HIGH", "OpenSSL rejects")]
    [InlineData("ciphers", "--openssl=HIGH:@SECLEVEL=9", "@SECLEVEL")]
    [InlineData("ciphers", "--ciphersuites=TLS_AES_128_GCM_SHA256", "--openssl")]
    public void Bad_input_exits_2_with_one_clear_line(string command, string argument, string expected)
    {
        var (exit, stdout, stderr) = Run(command, argument);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(expected, stderr);
        Assert.Equal("", stdout);
        Assert.DoesNotContain("   at ", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public void Table_output_ends_with_the_count()
    {
        var (exit, stdout, _) = Run("ciphers", "--rating", "recommended");
        Assert.Equal(0, exit);
        var count = Csv.Rows.Count(r => Csv.Get(r, "rating") == "recommended");
        Assert.EndsWith($"{count} cipher suites: {count} recommended", stdout.TrimEnd());
        Assert.DoesNotContain("\u001b[", stdout);
    }

    [Fact]
    public void Why_names_each_weakness_with_its_severity_in_words()
    {
        var (exit, stdout, _) = Run("ciphers", "ECDHE-RSA-AES128-SHA");
        Assert.Equal(0, exit);
        var why = stdout.Split('\n').Single(l => l.Contains("Why", StringComparison.Ordinal));
        Assert.Contains("Cipher Block Chaining (medium severity)", why);
        Assert.Contains("RSA Authentication (low severity)", why);
        Assert.DoesNotMatch(new Regex(@"\(\d\)"), why);
        // The JSON keeps its documented compact form, which the words are read from.
        Assert.Contains("Cipher Block Chaining(1)", Json("ciphers", "ECDHE-RSA-AES128-SHA")[0].GetProperty("vulnerabilities").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public void A_100000_character_argument_costs_no_edit_distance_and_is_quoted_short()
    {
        var huge = new string('A', 100_000);
        NameSuggestions.CellsComputed = 0;
        Assert.Empty(NameSuggestions.Closest(huge, CipherSuites.AllNames));
        Assert.Equal(0, NameSuggestions.CellsComputed);

        // A misspelling within the limit is compared with every name, each at most limit × name length cells.
        NameSuggestions.CellsComputed = 0;
        Assert.Contains("ECDHE-RSA-AES128-SHA", NameSuggestions.Closest("ECDHE-RSA-AES128-SHX", CipherSuites.AllNames));
        Assert.InRange(NameSuggestions.CellsComputed, 1, (long)NameSuggestions.MaxInputLength * CipherSuites.AllNames.Sum(n => (long)n.Length));

        var (exit, _, stderr) = Run("ciphers", huge);
        Assert.Equal(2, exit);
        Assert.True(stderr.Length < 500, $"{stderr.Length} characters of error");
        Assert.Contains("(100000 characters)", stderr);
    }
}
