namespace TlsDoctor.Aws;

/// <summary>One metric value for the period starting at <see cref="Time"/> (UTC).</summary>
public sealed record AwsDatapoint(DateTimeOffset Time, double Value);
