
namespace TlsDoctor.Registry;

/// <summary>
/// TLS alert descriptions (RFC 8446 section 6, IANA "TLS Alerts" registry), loaded once from data/registry/alerts.csv.
/// Names drop IANA's "_RESERVED" suffix because servers still send those alerts in TLS ≤ 1.2.
/// </summary>
public static class AlertDescriptions
{
    private static readonly Lazy<(Dictionary<byte, string> ByCode, Dictionary<string, byte> ByName)> Data = new(Load);

    // The codes the simulator, the emulator and the probes name in code (data/registry/alerts.csv holds every one;
    // a test checks these against it).
    public const byte CloseNotify = 0;
    public const byte UnexpectedMessage = 10;
    public const byte RecordOverflow = 22;
    public const byte HandshakeFailure = 40;
    public const byte IllegalParameter = 47;
    public const byte DecodeError = 50;
    public const byte ProtocolVersion = 70;
    public const byte InsufficientSecurity = 71;
    public const byte InternalError = 80;
    public const byte InappropriateFallback = 86;
    public const byte MissingExtension = 109;
    public const byte UnrecognizedName = 112;
    public const byte NoApplicationProtocol = 120;

    /// <summary>"handshake_failure", or "unknown (0x63)" for a value not in the registry.</summary>
    public static string Describe(byte code) => Data.Value.ByCode.TryGetValue(code, out var n) ? n : $"unknown (0x{code:X2})";

    public static bool IsKnown(byte code) => Data.Value.ByCode.ContainsKey(code);

    public static byte? Find(string name) => Data.Value.ByName.TryGetValue(name.Trim(), out var c) ? c : null;

    public static IReadOnlyDictionary<byte, string> All => Data.Value.ByCode;

    private static (Dictionary<byte, string>, Dictionary<string, byte>) Load()
    {
        var csv = CsvTable.LoadEmbedded("data/registry/alerts.csv");
        var byCode = new Dictionary<byte, string>();
        var byName = new Dictionary<string, byte>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in csv.Rows)
        {
            var code = byte.Parse(csv.Get(row, "code"));
            byCode[code] = csv.Get(row, "name");
            byName.TryAdd(csv.Get(row, "name"), code);
            byName.TryAdd(csv.Get(row, "iana_name"), code);
        }
        return (byCode, byName);
    }
}
