using System.Text.Json;
using System.Text.Json.Serialization;

namespace TlsDoctor.Cli.Json;

/// <summary>
/// Every --json output goes through <see cref="CliJsonContext"/> (source-generated, no reflection):
/// camelCase members, enums as strings, nulls omitted, code points as "0xC02F" strings.
/// </summary>
public static class CliJson
{
    public static string Serialize<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Serialize(value, type);

    /// <summary>One object on one line, for JSON Lines output.</summary>
    public static readonly JsonSerializerOptions Compact = new(CliJsonContext.Default.Options) { WriteIndented = false };

    /// <summary>
    /// <paramref name="value"/> as one line (JSON Lines), through <see cref="Compact"/>'s type information: the one way to
    /// write compact JSON, so that no second context is ever bound to those options (once they are in use, that throws).
    /// </summary>
    public static string SerializeLine<T>(T value) =>
        JsonSerializer.Serialize(value, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)Compact.GetTypeInfo(typeof(T)));
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CaptureHelloJson))]                // capture --json, capture export
[JsonSerializable(typeof(CaptureReportJson))]               // capture report --json
[JsonSerializable(typeof(CodeName))]
[JsonSerializable(typeof(ClientJson.Client), TypeInfoPropertyName = "ClientJsonClient")]
[JsonSerializable(typeof(ClientJson.ClientList), TypeInfoPropertyName = "ClientJsonClientList")]
[JsonSerializable(typeof(PolicyJson.Diff), TypeInfoPropertyName = "PolicyJsonDiff")]
[JsonSerializable(typeof(PolicyJson.Export), TypeInfoPropertyName = "PolicyJsonExport")]
[JsonSerializable(typeof(PolicyJson.Policy), TypeInfoPropertyName = "PolicyJsonPolicy")]
[JsonSerializable(typeof(PolicyJson.PolicyList), TypeInfoPropertyName = "PolicyJsonPolicyList")]
[JsonSerializable(typeof(HelloJson))]
// One line per top-level output type; keep them sorted by command.
[JsonSerializable(typeof(CipherSuiteJson[]))]              // ciphers
[JsonSerializable(typeof(DiagnosisJson))]
[JsonSerializable(typeof(FailureDocument))]                 // diagnose, identify: the endpoint could not be examined
[JsonSerializable(typeof(ServeConnectionJson))]
[JsonSerializable(typeof(ServeListeningJson))]
[JsonSerializable(typeof(ServeStatsJson))]
[JsonSerializable(typeof(ProbeDocument))]                   // probe
[JsonSerializable(typeof(ScanDocument))]                    // scan
[JsonSerializable(typeof(NegotiationJson.Simulation), TypeInfoPropertyName = "NegotiationJsonSimulation")]          // simulate
[JsonSerializable(typeof(NegotiationJson.Matrix), TypeInfoPropertyName = "NegotiationJsonMatrix")]                  // simulate --matrix
[JsonSerializable(typeof(GridJson))]                        // simulate --grid
[JsonSerializable(typeof(NegotiationJson.Recommendation), TypeInfoPropertyName = "NegotiationJsonRecommendation")]  // recommend
[JsonSerializable(typeof(NegotiationJson.Identification), TypeInfoPropertyName = "NegotiationJsonIdentification")]  // identify
public partial class CliJsonContext : JsonSerializerContext;

/// <summary>A code point with its registry name, as every list element in JSON output: {"code":"0x001D","name":"x25519"}.</summary>
public sealed record CodeName(string Code, string Name);
