using System.Text.Json.Serialization;

namespace TlsDoctor.Scanning;

/// <summary>Severity of a finding, lowest first, so that "at or above" compares naturally.</summary>
public enum FindingSeverity
{
    [JsonStringEnumMemberName("info")] Info = 0,
    [JsonStringEnumMemberName("low")] Low = 1,
    [JsonStringEnumMemberName("medium")] Medium = 2,
    [JsonStringEnumMemberName("high")] High = 3,
    [JsonStringEnumMemberName("critical")] Critical = 4,
}
