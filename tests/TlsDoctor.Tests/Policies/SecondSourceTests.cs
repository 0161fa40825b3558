using TlsDoctor.Policies;
using TlsDoctor.Registry;

namespace TlsDoctor.Tests.Policies;

/// <summary>
/// Catalog entries against sources other than the reference they were converted from: moto's ELBv2 policy table
/// (github.com/getmoto/moto, moto/elbv2/responses.py at 0072e3c9, priorities 1..n) and the s2n-tls snapshot of
/// ELBSecurityPolicy-TLS13-1-2-2021-06 (github.com/aws/s2n-tls at 244fb8b4).
/// </summary>
public class SecondSourceTests
{
    private static readonly string[] Moto2016 =
    [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES128-SHA256", "ECDHE-RSA-AES128-SHA256",
        "ECDHE-ECDSA-AES128-SHA", "ECDHE-RSA-AES128-SHA", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA", "ECDHE-ECDSA-AES256-SHA",
        "AES128-GCM-SHA256", "AES128-SHA256", "AES128-SHA", "AES256-GCM-SHA384", "AES256-SHA256", "AES256-SHA",
    ];

    private static readonly string[] Moto2017Tls12 =
    [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES128-SHA256", "ECDHE-RSA-AES128-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA384",
        "AES128-GCM-SHA256", "AES128-SHA256", "AES256-GCM-SHA384", "AES256-SHA256",
    ];

    public static IEnumerable<object[]> MotoPolicies() =>
    [
        ["ELBSecurityPolicy-2016-08", "TLSv1.0,TLSv1.1,TLSv1.2", Moto2016],
        ["ELBSecurityPolicy-2015-05", "TLSv1.0,TLSv1.1,TLSv1.2", Moto2016],
        ["ELBSecurityPolicy-TLS-1-1-2017-01", "TLSv1.1,TLSv1.2", Moto2016],
        ["ELBSecurityPolicy-TLS-1-2-2017-01", "TLSv1.2", Moto2017Tls12],
        ["ELBSecurityPolicy-TLS-1-0-2015-04", "TLSv1.0,TLSv1.1,TLSv1.2", Moto2016.Append("DES-CBC3-SHA").ToArray()],
    ];

    [Theory]
    [MemberData(nameof(MotoPolicies))]
    public void Elbv2_policies_match_moto(string name, string protocols, string[] ciphers)
    {
        var p = PolicyCatalog.Find(name, "ALB").Policy!;
        Assert.Equal(protocols.Split(',').Select(TlsVersion.Parse), p.Versions);
        Assert.Equal(ciphers.Select(c => CipherSuites.Find(c)!.Code), p.CipherSuites);
    }

    [Fact]
    public void Tls13_1_2_2021_06_matches_the_s2n_snapshot()
    {
        string[] s2n =
        [
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
        ];
        Assert.Equal(s2n.Select(c => CipherSuites.Find(c)!.Code), PolicyCatalog.Get("ELBSecurityPolicy-TLS13-1-2-2021-06")!.CipherSuites);
    }
}
