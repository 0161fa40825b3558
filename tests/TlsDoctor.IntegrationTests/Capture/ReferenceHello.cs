using System.Text.Json;

namespace TlsDoctor.IntegrationTests.Capture;

/// <summary>A real client's ClientHello record and its tshark/FoxIO fingerprints, from ../shared/reference/clients/captured/index.json.</summary>
public sealed record ReferenceHello(string Id, byte[] Record, string Ja3, string Ja3String, string Ja4)
{
    public static ReferenceHello Load(string id)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.SharedReference("clients/captured/index.json")));
        var sample = doc.RootElement.GetProperty("samples").EnumerateArray().First(s => s.GetProperty("id").GetString() == id);
        return new ReferenceHello(id, Convert.FromHexString(sample.GetProperty("clientHelloHex").GetString()!),
            sample.GetProperty("ja3").GetString()!, sample.GetProperty("ja3_full").GetString()!, sample.GetProperty("ja4").GetString()!);
    }
}
