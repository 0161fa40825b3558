using TlsDoctor.Registry;
using TlsDoctor.Registry.OpenSsl;

namespace TlsDoctor.Tests.Registry;

/// <summary>
/// The cipher-string rules as `man 1 openssl-ciphers` states them, checked as equivalences between strings
/// (no binary needed; the integration tests compare with the real openssl).
/// </summary>
public class OpenSslCipherStringSemanticsTests
{
    private static string Codes(string s, string? tls13 = "") =>
        OpenSslCipherString.Expand(s, tls13) is { IsSuccess: true } e ? string.Join(' ', e.Suites.Select(x => x.CodeText)) : "error";

    [Fact]
    public void Default_is_all_minus_complement_of_default_minus_enull() =>
        Assert.Equal(Codes(OpenSslCipherString.DefaultCipherList), Codes("DEFAULT"));

    [Fact]
    public void Separators_are_interchangeable() =>
        Assert.Equal(Codes("HIGH:!aNULL:!MD5"), Codes("HIGH, !aNULL; !MD5"));

    [Fact]
    public void Killed_suites_cannot_be_added_back_but_deleted_ones_can()
    {
        Assert.Equal(Codes("HIGH:!kRSA"), Codes("HIGH:!kRSA:kRSA"));
        var readded = OpenSslCipherString.Expand("HIGH:-kRSA:kRSA", "").Suites;
        Assert.Equal(Codes("HIGH:kRSA").Split(' ').Order(), readded.Select(s => s.CodeText).Order());
        Assert.All(readded.SkipWhile(s => s.Kx != "RSA"), s => Assert.Equal("RSA", s.Kx));
    }

    [Fact]
    public void Plus_moves_selected_suites_to_the_end_keeping_their_order()
    {
        var moved = OpenSslCipherString.Expand("HIGH:+aRSA", "").Suites;
        var firstRsa = moved.ToList().FindIndex(s => s.Auth == "RSA");
        Assert.All(moved.Skip(firstRsa), s => Assert.Equal("RSA", s.Auth));
        Assert.Equal(OpenSslCipherString.Expand("HIGH", "").Suites.Where(s => s.Auth == "RSA"), moved.Skip(firstRsa));
    }

    [Fact]
    public void Strength_sort_orders_by_decreasing_symmetric_strength()
    {
        var sorted = OpenSslCipherString.Expand("ALL:COMPLEMENTOFALL:@STRENGTH", "").Suites;
        Assert.Equal(sorted.Select(s => s.EncBits).OrderDescending(), sorted.Select(s => s.EncBits));
    }

    [Fact]
    public void Conjunctions_select_the_intersection()
    {
        var both = OpenSslCipherString.Expand("kECDHE+AESGCM+aECDSA", "").Suites;
        Assert.NotEmpty(both);
        Assert.All(both, s => { Assert.Equal("ECDH", s.Kx); Assert.Equal("AESGCM", s.Enc); Assert.Equal("ECDSA", s.Auth); });
    }

    [Fact]
    public void Tls13_suites_come_first_in_the_ciphersuites_order()
    {
        var e = OpenSslCipherString.Expand("kRSA");
        Assert.Equal(OpenSslCipherString.DefaultTls13Ciphersuites.Split(':'), e.Suites.Take(3).Select(s => s.IanaName));
        Assert.All(e.Suites.Skip(3), s => Assert.Equal("RSA", s.Kx));
    }

    [Theory]
    [InlineData("HIGH:!HIGH", OpenSslCipherStringErrorKind.NoCipherMatch)]
    [InlineData("", OpenSslCipherStringErrorKind.NoCipherMatch)]
    [InlineData("HIGH:@SECLEVEL=6", OpenSslCipherStringErrorKind.InvalidCommand)]
    [InlineData("HIGH:aNULL+!MD5", OpenSslCipherStringErrorKind.InvalidCommand)]
    [InlineData("HIGH:#", OpenSslCipherStringErrorKind.InvalidCommand)]
    public void Rejected_strings_give_a_typed_error(string s, OpenSslCipherStringErrorKind kind)
    {
        var e = OpenSslCipherString.Expand(s);
        Assert.False(e.IsSuccess);
        Assert.Equal(kind, e.Error!.Kind);
        Assert.Empty(e.Suites);
    }

    [Fact]
    public void Security_level_is_reported_and_filters_only_supported()
    {
        var e = OpenSslCipherString.Expand("ALL:COMPLEMENTOFALL:@SECLEVEL=3");
        Assert.Equal(3, e.SecurityLevel);
        Assert.Contains(e.Suites, s => s.Kx == "RSA");
        Assert.DoesNotContain(e.Supported(), s => s.Kx == "RSA");
        Assert.DoesNotContain(e.Supported(), s => s.Auth == "None" || s.Mac == "MD5" || s.Enc == "None");
        Assert.Equal(e.Suites.Count, e.Supported(0).Count);
    }
}
