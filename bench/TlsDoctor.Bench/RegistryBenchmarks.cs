using BenchmarkDotNet.Attributes;
using TlsDoctor.Registry;
using TlsDoctor.Registry.OpenSsl;

namespace TlsDoctor.Bench;

/// <summary>Registry lookups (by code, by each kind of name, by hex text) and OpenSSL cipher-string expansion.</summary>
[MemoryDiagnoser]
public class RegistryBenchmarks
{
    // The Mozilla "old" list (26 explicit names) followed by alias rules: a long, realistic configuration line.
    private const string LongCipherString =
        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:" +
        "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:" +
        "DHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:" +
        "ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:DHE-RSA-AES128-SHA256:" +
        "DHE-RSA-AES256-SHA256:AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256:AES256-SHA256:AES128-SHA:AES256-SHA:DES-CBC3-SHA:" +
        "HIGH:MEDIUM:+CAMELLIA:+ARIA:!aNULL:!eNULL:!MD5:!PSK:!SRP:!DSS:-kRSA:kRSA:@STRENGTH:@SECLEVEL=2";

    [GlobalSetup]
    public void Setup()
    {
        _ = CipherSuites.All;
        _ = OpenSslCipherString.Expand("DEFAULT");
    }

    [Benchmark]
    public CipherSuite? FindByCode() => CipherSuites.Find((ushort)0xC02F);

    [Benchmark]
    public CipherSuite? FindByIanaName() => CipherSuites.Find("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");

    [Benchmark]
    public CipherSuite? FindByOpenSslNameOtherCase() => CipherSuites.Find("ecdhe-rsa-aes128-gcm-sha256");

    [Benchmark]
    public CipherSuite? FindByHexText() => CipherSuites.Find("C0,2F");

    [Benchmark]
    public NamedGroup? FindGroupByName() => Groups.Find("X25519MLKEM768");

    [Benchmark]
    public OpenSslExpansion ExpandDefault() => OpenSslCipherString.Expand("DEFAULT");

    [Benchmark]
    public OpenSslExpansion ExpandLongString() => OpenSslCipherString.Expand(LongCipherString);
}
