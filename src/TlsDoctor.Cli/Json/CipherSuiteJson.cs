using System.Text.Json.Serialization;
using TlsDoctor.Registry;

namespace TlsDoctor.Cli.Json;

/// <summary>
/// One cipher suite in `tlsdoctor ciphers --json` (docs/ciphers.md). Names that a suite lacks are
/// null, not omitted, so every object has the same keys. SSL 2.0 cipher kinds (listed with
/// `--protocol SSLv2` only) are three bytes long: their code has six hex digits ("0x010080").
/// </summary>
public sealed record CipherSuiteJson(
    string Code,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Iana,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Openssl,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Gnutls,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Protocol,
    string Kx,
    string Auth,
    string Enc,
    int Bits,
    string Mac,
    bool Aead,
    bool Pfs,
    bool Export,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Rating,
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? OpensslAlt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? IanaRecommended,
    IReadOnlyList<string> Vulnerabilities)
{
    public static CipherSuiteJson From(CipherSuite s) => new(
        s.CodeText, s.IanaName, s.OpenSslName, s.GnuTlsName, s.MinProtocol?.Name,
        s.Kx, s.Auth, s.Enc, s.EncBits, s.Mac, s.IsAead, s.IsForwardSecret, s.IsExport,
        s.Rating?.ToString().ToLowerInvariant(), s.Name, s.OpenSslNameAlt,
        s.IanaRecommendation,
        s.Vulnerabilities.Select(v => v.ToString()).ToArray());

    public static CipherSuiteJson From(Sslv2CipherKind k) => new(
        k.CodeText, null, k.OpenSslName, null, TlsVersion.SSLv2.Name,
        k.Kx, k.Auth, k.Enc, k.EncBits, k.Mac, false, false, k.IsExport,
        k.Rating.ToString().ToLowerInvariant(), k.Name, null, null, ["SSL 2.0 prohibited (RFC 6176)"]);
}
