using System.Net;

namespace TlsDoctor.Capture;

/// <summary>
/// Reassembles each direction of every TCP connection in a capture (any port) far enough to read the ClientHellos
/// it carries, including hellos spread over many segments (post-quantum key shares) and segments that arrive out of
/// order or twice. Bounded: at most <see cref="MaxFlows"/> directions are tracked (the least recently seen are
/// dropped), and a direction buffering more than <see cref="MaxOutOfOrderBytes"/> of out-of-order data is abandoned.
/// </summary>
public sealed class TcpHelloTracker(string source, int maxFlows = TcpHelloTracker.DefaultMaxFlows, int maxHelloBytes = Wire.RecordAssembler.MaxHelloLength)
{
    public const int DefaultMaxFlows = 100_000;
    public const int MaxOutOfOrderBytes = 256 * 1024;
    /// <summary>Out-of-order data held across all flows; a flow that would exceed it is abandoned.</summary>
    public const long MaxTotalOutOfOrderBytes = 64L * 1024 * 1024;
    /// <summary>Payload segments a direction may carry before its first ClientHello record; then it is not followed.</summary>
    public const int MaxSegmentsBeforeHello = 8;

    private sealed class Flow
    {
        public uint NextSequence;
        public bool HasSequence;
        public required HelloStreamReader Reader;
        public List<(uint Sequence, byte[] Data)>? OutOfOrder;
        public int OutOfOrderBytes;
        public int Segments;
        public long LastSeen;
    }

    private readonly Dictionary<(IPEndPoint, IPEndPoint), Flow> _flows = new();
    private readonly List<HelloStreamEvent> _events = [];
    private long _clock;
    private long _outOfOrderTotal;

    public int MaxFlows => maxFlows;
    public int TrackedFlows => _flows.Count;
    public long EvictedFlows { get; private set; }
    public long AbandonedFlows { get; private set; }

    public void Add(in TransportSegment segment, List<RawHello> output)
    {
        var key = (segment.Source, segment.Destination);
        _clock++;
        if (!_flows.TryGetValue(key, out var flow))
        {
            if (!segment.IsSyn && segment.Payload.IsEmpty) return;
            if (segment.IsRst) return;
            if (_flows.Count >= maxFlows) Evict();
            flow = new Flow { Reader = new HelloStreamReader(strict: false, maxHelloBytes) };
            _flows[key] = flow;
        }
        flow.LastSeen = _clock;
        if (flow.Reader.IsDone)
        {
            if (flow.OutOfOrder is not null) { _outOfOrderTotal -= flow.OutOfOrderBytes; flow.OutOfOrder = null; flow.OutOfOrderBytes = 0; }
            if (segment.IsFin || segment.IsRst) Remove(key, flow);
            return;
        }
        if (segment.IsSyn)
        {
            flow.NextSequence = segment.Sequence + 1;
            flow.HasSequence = true;
            _outOfOrderTotal -= flow.OutOfOrderBytes;
            flow.OutOfOrder = null;
            flow.OutOfOrderBytes = 0;
        }
        var payload = segment.Payload.Span;
        var sequence = segment.IsSyn ? segment.Sequence + 1 : segment.Sequence;
        if (!payload.IsEmpty)
        {
            if (!flow.HasSequence)
            {
                flow.NextSequence = sequence;
                flow.HasSequence = true;
            }
            var ahead = (int)(sequence - flow.NextSequence);
            if (ahead > 0)
            {
                if (ahead < 1 << 20 && flow.OutOfOrderBytes + payload.Length <= MaxOutOfOrderBytes && _outOfOrderTotal + payload.Length <= MaxTotalOutOfOrderBytes)
                {
                    (flow.OutOfOrder ??= []).Add((sequence, payload.ToArray()));
                    flow.OutOfOrderBytes += payload.Length;
                    _outOfOrderTotal += payload.Length;
                }
                else
                {
                    Abandon(flow);
                    return;
                }
            }
            else
            {
                Deliver(flow, sequence, payload, segment, output);
                Drain(flow, segment, output);
            }
            if (++flow.Segments >= MaxSegmentsBeforeHello && !flow.Reader.IsFollowing) Abandon(flow);
        }
        if (segment.IsFin || segment.IsRst) Remove(key, flow);
    }

    private void Remove((IPEndPoint, IPEndPoint) key, Flow flow)
    {
        _outOfOrderTotal -= flow.OutOfOrderBytes;
        _flows.Remove(key);
    }

    private void Deliver(Flow flow, uint sequence, ReadOnlySpan<byte> payload, in TransportSegment segment, List<RawHello> output)
    {
        var overlap = (int)(flow.NextSequence - sequence);
        if (overlap >= payload.Length) return; // retransmission of data already delivered
        var fresh = payload[overlap..];
        flow.NextSequence += (uint)fresh.Length;
        _events.Clear();
        flow.Reader.Feed(fresh, startsSegment: overlap == 0, _events);
        foreach (var e in _events)
            if (e is HelloStreamEvent.Hello hello)
                output.Add(new RawHello(segment.Time, segment.Source, segment.Destination, CaptureTransport.Tcp, hello.HandshakeMessage, null, null, source));
    }

    private void Drain(Flow flow, in TransportSegment segment, List<RawHello> output)
    {
        var pending = flow.OutOfOrder;
        if (pending is null) return;
        var progressed = true;
        while (progressed && pending.Count > 0)
        {
            progressed = false;
            for (var i = 0; i < pending.Count; i++)
            {
                var (sequence, data) = pending[i];
                if ((int)(sequence - flow.NextSequence) > 0) continue;
                pending.RemoveAt(i);
                flow.OutOfOrderBytes -= data.Length;
                _outOfOrderTotal -= data.Length;
                Deliver(flow, sequence, data, segment, output);
                progressed = true;
                break;
            }
        }
    }

    /// <summary>Keeps the flow as a small tombstone (so its later packets are skipped) and frees its buffers.</summary>
    private void Abandon(Flow flow)
    {
        AbandonedFlows++;
        _outOfOrderTotal -= flow.OutOfOrderBytes;
        flow.OutOfOrder = null;
        flow.OutOfOrderBytes = 0;
        flow.Reader.Abandon();
    }

    private void Evict()
    {
        var oldest = _flows.OrderBy(kv => kv.Value.LastSeen).Take(Math.Max(1, _flows.Count / 8)).ToList();
        foreach (var (key, flow) in oldest)
        {
            _outOfOrderTotal -= flow.OutOfOrderBytes;
            _flows.Remove(key);
        }
        EvictedFlows += oldest.Count;
    }
}
