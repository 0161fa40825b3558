namespace TlsDoctor.Logs;

/// <summary>One worker's counts of the TLS lines of one format, keyed by the log's own spellings (translated once, when merged).</summary>
internal sealed class FormatTally
{
    public long Connections, Failed;
    public readonly SpanKeyedMap<Counter> Protocols = new(), Ciphers = new(), KeyExchanges = new(), Listeners = new();
    public readonly SpanKeyedMap<Counter> FailedClients = new(), FailedServerNames = new(), FailedAlerts = new();
    public readonly Dictionary<int, long> FailedHours = [];

    public void Add(in LogRecord r)
    {
        Connections++;
        if (!r.Protocol.IsEmpty) Protocols.GetOrAdd(r.Protocol, Counter.New).Count++;
        if (!r.Cipher.IsEmpty) Ciphers.GetOrAdd(r.Cipher, Counter.New).Count++;
        if (!r.KeyExchange.IsEmpty) KeyExchanges.GetOrAdd(r.KeyExchange, Counter.New).Count++;
        if (!r.Listener.IsEmpty) Listeners.GetOrAdd(r.Listener, Counter.New).Count++;
        if (!r.IsFailed) return;
        Failed++;
        FailedClients.GetOrAdd(r.ClientIp, Counter.New).Count++;
        if (!r.ServerName.IsEmpty) FailedServerNames.GetOrAdd(r.ServerName, Counter.New).Count++;
        if (!r.ClientAlert.IsEmpty) FailedAlerts.GetOrAdd(r.ClientAlert, Counter.New).Count++;
        var hour = Hour(r.Time);
        FailedHours[hour] = FailedHours.GetValueOrDefault(hour) + 1;
    }

    /// <summary>yyyymmddhh from a timestamp the parser has checked (digits at 0–3, 5–6, 8–9, 11–12).</summary>
    public static int Hour(ReadOnlySpan<byte> t)
    {
        static int D(byte b) => b - '0';
        return ((((D(t[0]) * 10 + D(t[1])) * 10 + D(t[2])) * 10 + D(t[3])) * 100 + D(t[5]) * 10 + D(t[6])) * 10000
            + (D(t[8]) * 10 + D(t[9])) * 100 + D(t[11]) * 10 + D(t[12]);
    }

    public static string HourName(int hour) =>
        $"{hour / 1000000:D4}-{hour / 10000 % 100:D2}-{hour / 100 % 100:D2}T{hour % 100:D2}:00Z";
}
