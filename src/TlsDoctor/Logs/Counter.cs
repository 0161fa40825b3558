namespace TlsDoctor.Logs;

/// <summary>A mutable count, so that a map lookup per line is the only cost of counting a value.</summary>
internal sealed class Counter
{
    public long Count;

    public static readonly Func<string, Counter> New = _ => new Counter();
}
