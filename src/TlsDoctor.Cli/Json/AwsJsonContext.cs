using System.Text.Json.Serialization;

namespace TlsDoctor.Cli.Json;

/// <summary>Source-generated serialization of <see cref="AwsJson"/>: camelCase, nulls written.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(AwsJson.ListenerList), TypeInfoPropertyName = "AwsListenerList")]
[JsonSerializable(typeof(AwsJson.MetricList), TypeInfoPropertyName = "AwsMetricList")]
[JsonSerializable(typeof(AwsJson.PolicyList), TypeInfoPropertyName = "AwsPolicyList")]
[JsonSerializable(typeof(AwsJson.SetPolicy), TypeInfoPropertyName = "AwsSetPolicy")]
[JsonSerializable(typeof(AwsJson.AuditList), TypeInfoPropertyName = "AwsAuditList")]
public partial class AwsJsonContext : JsonSerializerContext;
