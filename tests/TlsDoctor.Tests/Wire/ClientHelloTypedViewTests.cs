using System.Text.Json;
using TlsDoctor.Registry;
using TlsDoctor.Wire;

namespace TlsDoctor.Tests.Wire;

/// <summary>The typed views of every testssl.sh hello against the values an independent parser derived (Fixtures/README.md).</summary>
public class ClientHelloTypedViewTests
{
    public static IEnumerable<object[]> Profiles() =>
        Fixtures.HexLines("testssl-client-hellos.txt").Where(x => (x.Bytes[0] & 0x80) == 0).Select(x => new object[] { x.Id });

    private static readonly Lazy<JsonElement> Expected = new(() =>
        JsonDocument.Parse(File.ReadAllText(Fixtures.Path("testssl-client-hellos.expected.json"))).RootElement);

    private static IEnumerable<string> Codes(IEnumerable<ushort> values) => values.Where(v => !Grease.IsGrease(v)).Select(Codepoint.Format);
    private static List<string>? Strings(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.EnumerateArray().Select(x => x.GetString()!).ToList();

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Typed_views_match_the_independent_parse(string id)
    {
        var record = Fixtures.HexLines("testssl-client-hellos.txt").Single(x => x.Id == id).Bytes;
        var hello = HelloDecoder.Decode(record).GetValueOrThrow().ClientHello!;
        var expected = Expected.Value.GetProperty(id);

        Assert.Equal(Strings(expected.GetProperty("extensions")), Codes(hello.Extensions?.Select(e => e.Type) ?? []));
        Assert.Equal(Strings(expected.GetProperty("groups")), Codes(hello.SupportedGroups));
        Assert.Equal(Strings(expected.GetProperty("signatureAlgorithms")) ?? [], Codes(hello.SignatureAlgorithms));
        Assert.Equal(Strings(expected.GetProperty("keyShareGroups")) ?? [], Codes(hello.KeyShares.Select(k => k.Group)));
        // The source's alpn field repeats testssl.sh's upstream value for some profiles whose hex has no ALPN
        // extension (e.g. openssl_111b); the extension list is the byte-derived truth there.
        if (Strings(expected.GetProperty("extensions"))!.Contains("0x0010")) Assert.Equal(Strings(expected.GetProperty("alpn")) ?? [], hello.Alpn);
        else Assert.Empty(hello.Alpn);
        Assert.Equal(expected.GetProperty("sniInClientHello").GetString(), hello.ServerName);
        var suites = hello.CipherSuites.Where(s => !Grease.IsGrease(s)).ToList();
        Assert.Equal(Strings(expected.GetProperty("ciphers")), Codes(suites.Where(s => s >> 8 != 0x13)));
        Assert.Equal(Strings(expected.GetProperty("tls13Ciphers")), Codes(suites.Where(s => s >> 8 == 0x13)));
        var versions = Strings(expected.GetProperty("supportedVersions"));
        if (versions is null) Assert.Null(hello.SupportedVersions);
        else Assert.Equal(versions, Codes(hello.SupportedVersions!));
        var formats = expected.GetProperty("ecPointFormats");
        Assert.Equal(formats.ValueKind == JsonValueKind.Null ? [] : formats.EnumerateArray().Select(x => (byte)x.GetInt32()).ToArray(), hello.EcPointFormats);
        Assert.Equal(expected.GetProperty("compressionMethods").EnumerateArray().Select(x => (byte)x.GetInt32()), hello.CompressionMethods);
    }
}
