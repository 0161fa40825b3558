using TlsDoctor.Cli.Json;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using TlsDoctor.Wire;

namespace TlsDoctor.Cli.Rendering;

/// <summary>Maps a <see cref="DecodedHello"/> to its JSON shape (<see cref="HelloJson"/>), names from the registries.</summary>
public static class HelloJsonBuilder
{
    public static HelloJson Build(DecodedHello decoded)
    {
        var framing = decoded.Framing switch { HelloFraming.Record => "record", HelloFraming.Handshake => "handshake", _ => "sslv2-record" };
        var recordVersion = decoded.RecordVersion is { } rv ? Version(rv) : null;
        if (decoded.ClientHello is { } c)
        {
            return new HelloJson
            {
                Type = decoded.Type, Framing = framing, RecordVersion = recordVersion,
                LegacyVersion = Version(c.LegacyVersion),
                Random = Hex(c.Random), SessionId = Hex(c.SessionId),
                CipherSuites = c.CipherSuites.Select(Suite).ToList(),
                CompressionMethods = c.CompressionMethods.Select(x => (int)x).ToList(),
                Extensions = Extensions(c.Extensions),
                ServerName = c.ServerName,
                SupportedVersions = c.SupportedVersions?.Select(Version).ToList() ?? [],
                SupportedGroups = c.SupportedGroups.Select(Group).ToList(),
                SignatureAlgorithms = c.SignatureAlgorithms.Select(Scheme).ToList(),
                SignatureAlgorithmsCert = c.SignatureAlgorithmsCert.Select(Scheme).ToList(),
                EcPointFormats = c.EcPointFormats.Select(x => (int)x).ToList(),
                Alpn = c.Alpn,
                KeyShares = c.KeyShares.Select(k => new HelloJson.KeyShareJson(Codepoint.Format(k.Group), Groups.Describe(k.Group), k.KeyExchange.Length)).ToList(),
                PskKeyExchangeModes = c.PskKeyExchangeModes.Select(x => (int)x).ToList(),
                OfferedVersions = c.OfferedVersions().Select(v => v.Name).ToList(),
                Anomalies = Anomalies(c.Anomalies),
            };
        }
        if (decoded.ServerHello is { } s)
        {
            return new HelloJson
            {
                Type = decoded.Type, Framing = framing, RecordVersion = recordVersion,
                LegacyVersion = Version(s.LegacyVersion),
                Random = Hex(s.Random), SessionId = Hex(s.SessionId),
                CipherSuite = Suite(s.CipherSuite),
                CompressionMethods = [s.CompressionMethod],
                Extensions = Extensions(s.Extensions),
                SupportedVersions = s.SupportedVersion is { } sv ? [Version(sv)] : [],
                Alpn = s.Alpn is { } a ? [a] : [],
                KeyShares = s.KeyShare is { } k ? [new HelloJson.KeyShareJson(Codepoint.Format(k.Group), Groups.Describe(k.Group), k.KeyExchange.Length)] : [],
                SelectedVersion = Version(s.SelectedVersion.Value),
                SelectedGroup = s.SelectedGroup is { } g ? Group(g) : null,
                DowngradeSentinel = s.DowngradeSentinel switch { DowngradeSentinel.Tls12 => "tls12", DowngradeSentinel.Tls11OrBelow => "tls11OrBelow", _ => "none" },
                Anomalies = Anomalies(s.Anomalies),
            };
        }
        if (decoded.Sslv2ClientHello is { } v2)
        {
            return new HelloJson
            {
                Type = decoded.Type, Framing = framing,
                LegacyVersion = Version(v2.Version),
                Random = Hex(v2.Challenge), SessionId = Hex(v2.SessionId),
                CipherSuites = v2.TlsCipherSuites.Select(Suite).ToList(),
                CipherSpecs = v2.CipherSpecs.Select(Spec).ToList(),
                OfferedVersions = v2.ToClientOffer().Versions.Select(v => v.Name).ToList(),
                Anomalies = Anomalies(v2.Anomalies),
            };
        }
        var v2s = decoded.Sslv2ServerHello!;
        return new HelloJson
        {
            Type = decoded.Type, Framing = framing,
            LegacyVersion = Version(v2s.Version),
            SessionId = Hex(v2s.ConnectionId),
            CipherSpecs = v2s.CipherSpecs.Select(Spec).ToList(),
        };
    }

    private static string Hex(ReadOnlyMemory<byte> bytes) => Convert.ToHexStringLower(bytes.Span);
    private static CodeName Version(ushort v) => new(Codepoint.Format(v), new TlsVersion(v).Name);
    private static CodeName Suite(ushort s) => new(Codepoint.Format(s), CipherSuites.Describe(s));
    private static CodeName Group(ushort g) => new(Codepoint.Format(g), Groups.Describe(g));
    private static CodeName Scheme(ushort s) => new(Codepoint.Format(s), SignatureSchemes.Describe(s));
    private static CodeName Spec(uint s) => s <= 0xFFFF ? Suite((ushort)s) : new("0x" + s.ToString("X6"), Sslv2CipherKinds.Describe(s));

    private static List<HelloJson.ExtensionJson>? Extensions(IReadOnlyList<TlsExtension>? extensions) =>
        extensions?.Select(e => new HelloJson.ExtensionJson(Codepoint.Format(e.Type), e.Name, e.Data.Length, Hex(e.Data))).ToList();

    private static List<HelloJson.AnomalyJson> Anomalies(IReadOnlyList<Anomaly> anomalies) =>
        anomalies.Select(a => new HelloJson.AnomalyJson(a.Kind.ToString(), a.Description, a.Offset)).ToList();
}
