using System.Text.Json.Serialization;

namespace TlsDoctor.Capture;

/// <summary>Source-generated JSON for the store's list columns (ALPN names, version names).</summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class CaptureJsonContext : JsonSerializerContext;
