using System.Text.Json.Serialization;

namespace TlsDoctor.Cli.Commands;

/// <summary>Source-generated JSON for `tlsdoctor logs` (same conventions as the CLI's main context: camelCase, nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LogsJson.Summary), TypeInfoPropertyName = "LogsSummary")]
[JsonSerializable(typeof(LogsJson.WhatIf), TypeInfoPropertyName = "LogsWhatIf")]
[JsonSerializable(typeof(LogsJson.Recommendation), TypeInfoPropertyName = "LogsRecommendation")]
[JsonSerializable(typeof(LogsJson.Athena), TypeInfoPropertyName = "LogsAthena")]
public partial class LogsJsonContext : JsonSerializerContext;
