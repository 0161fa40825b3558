namespace TlsDoctor.Scanning;

/// <summary>
/// The scan's view of its prober: it records every answer lost to a deadline or a refused connection and every protocol
/// violation, so that the result says when it is incomplete and why. Once the server has answered and then lost an answer
/// to a deadline (it stopped answering partway, or holds connections), later probes are not sent: each would wait a whole
/// deadline for nothing; they end at once with the same failure and count as lost. SSL 2.0 probes are passed through and
/// not counted (their support is judged from their own answer).
/// </summary>
public sealed class AnswerWatch(IHandshakeProber inner) : IHandshakeProber
{
    private readonly Lock _lock = new();
    private readonly List<string> _violations = [];
    private bool _answered;
    private ProbeFailure? _stopped;
    private ProbeFailure? _firstLost;
    private int _lost, _notSent;

    public int Handshakes => inner.Handshakes;

    /// <summary>Answers lost (deadline, refused connection), probes not sent after the server stopped answering, and the first loss.</summary>
    public (int Lost, int NotSent, ProbeFailure? First) Losses { get { lock (_lock) return (_lost, _notSent, _firstLost); } }

    /// <summary>Distinct protocol violations seen, in the order seen.</summary>
    public IReadOnlyList<string> Violations { get { lock (_lock) return [.. _violations]; } }

    public async Task<ProbeOutcome> ProbeAsync(HelloSpec hello, CancellationToken ct)
    {
        lock (_lock)
            if (_stopped is { } stopped) { _notSent++; return ProbeOutcome.Of(stopped); }
        var outcome = await inner.ProbeAsync(hello, ct).ConfigureAwait(false);
        Record(outcome.Failure, outcome.Answer is not null);
        return outcome;
    }

    public Task<Sslv2Outcome> ProbeSslv2Async(CancellationToken ct) => inner.ProbeSslv2Async(ct);

    public Task<ProbeOutcome> SendAsync(Wire.ClientHello hello, CancellationToken ct) => inner.SendAsync(hello, ct);

    public async Task<Tls13Flight> ProbeTls13FlightAsync(HelloSpec hello, CancellationToken ct)
    {
        lock (_lock)
            if (_stopped is { } stopped) { _notSent++; return Tls13Flight.Of(stopped); }
        var flight = await inner.ProbeTls13FlightAsync(hello, ct).ConfigureAwait(false);
        Record(flight.Failure, flight.Failure is null);
        return flight;
    }

    public void Prewarm(int count)
    {
        lock (_lock)
            if (_stopped is not null) return;
        inner.Prewarm(count);
    }

    private void Record(ProbeFailure? failure, bool answered)
    {
        lock (_lock)
        {
            if (answered) _answered = true;
            if (failure is ProbeFailure.ProtocolViolation v && !_violations.Contains(v.Message)) _violations.Add(v.Message);
            if (failure is not (ProbeFailure.Timeout or ProbeFailure.Refused)) return;
            _lost++;
            _firstLost ??= failure;
            if (_answered) _stopped ??= failure;
        }
    }
}
