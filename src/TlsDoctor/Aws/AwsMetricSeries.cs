using System.Globalization;
using System.Text.Json;

namespace TlsDoctor.Aws;

/// <summary>One GetMetricData result: the query's id and label and its datapoints (Timestamps[i] pairs with Values[i]).</summary>
public sealed record AwsMetricSeries(string Id, string Label, IReadOnlyList<AwsDatapoint> Datapoints)
{
    public static AwsMetricSeries FromXml(AwsXmlElement m) =>
        new(m.Value("Id") ?? "", m.Value("Label") ?? "", Pair(m.Strings("Timestamps"), m.Strings("Values")));

    public static AwsMetricSeries FromJson(JsonElement e) =>
        new(AwsCliJson.Str(e, "Id") ?? "", AwsCliJson.Str(e, "Label") ?? "",
            Pair(AwsCliJson.Strings(e, "Timestamps"),
                AwsCliJson.Array(e, "Values").Select(v => v.ValueKind == JsonValueKind.Number ? v.GetRawText() : v.ToString()).ToList()));

    private static IReadOnlyList<AwsDatapoint> Pair(IReadOnlyList<string> times, IReadOnlyList<string> values)
    {
        var points = new List<AwsDatapoint>();
        for (var i = 0; i < Math.Min(times.Count, values.Count); i++)
            if (DateTimeOffset.TryParse(times[i], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
                && double.TryParse(values[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v))
                points.Add(new AwsDatapoint(t.ToUniversalTime(), v));
        return points;
    }
}
