using TlsDoctor.Registry;

namespace TlsDoctor.Wire;

/// <summary>RFC 8446 section 6: <c>struct { AlertLevel level; AlertDescription description; } Alert;</c></summary>
public sealed record Alert(byte Level, byte Description)
{
    private const string Name = "Alert";

    public AlertLevel? KnownLevel => Level is 1 or 2 ? (AlertLevel)Level : null;
    /// <summary>"warning", "fatal" or "unknown (0x07)".</summary>
    public string LevelName => Level switch { 1 => "warning", 2 => "fatal", _ => $"unknown (0x{Level:X2})" };
    /// <summary>The registry name, e.g. "handshake_failure".</summary>
    public string DescriptionName => AlertDescriptions.Describe(Description);
    public bool IsFatal => Level == 2;

    public static DecodeResult<Alert> Decode(ReadOnlySpan<byte> bytes, int origin = 0)
    {
        var r = new TlsReader(bytes, origin);
        if (!r.TryReadUInt8(out var level)) return Wire.DecodeError.Truncated(Name, "level", origin);
        if (!r.TryReadUInt8(out var description)) return Wire.DecodeError.Truncated(Name, "description", origin + 1);
        if (!r.IsEmpty) return Wire.DecodeError.TrailingBytes(Name, "description", r.Offset);
        return new Alert(level, description);
    }

    public void Encode(TlsWriter w)
    {
        w.WriteUInt8(Level);
        w.WriteUInt8(Description);
    }

    public byte[] ToBytes() => [Level, Description];

    /// <summary>The alert in one record of type alert.</summary>
    public byte[] ToRecord(ushort recordVersion = 0x0303) => TlsRecord.Wrap(ContentType.Alert, recordVersion, ToBytes());

    public override string ToString() => $"{LevelName} {DescriptionName}";
}
