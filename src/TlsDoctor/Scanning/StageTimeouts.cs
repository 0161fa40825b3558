namespace TlsDoctor.Scanning;

/// <summary>Deadlines per network stage. Every network operation of a scan runs under one of them.</summary>
public sealed record StageTimeouts
{
    public TimeSpan Resolve { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan Connect { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan FirstByte { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan Flight { get; init; } = TimeSpan.FromSeconds(5);

    public static StageTimeouts Default { get; } = new();

    /// <summary>Every stage limited to <paramref name="timeout"/>, connect to <paramref name="connect"/> when given.</summary>
    public static StageTimeouts Uniform(TimeSpan timeout, TimeSpan? connect = null) =>
        new() { Resolve = timeout, Connect = connect ?? timeout, FirstByte = timeout, Flight = timeout };

    public TimeSpan For(ProbeStage stage) => stage switch
    {
        ProbeStage.Resolve => Resolve,
        ProbeStage.Connect => Connect,
        ProbeStage.FirstByte => FirstByte,
        _ => Flight,
    };
}
