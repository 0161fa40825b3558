namespace TlsDoctor.Capture;

/// <summary>
/// One stored row: an observed ClientHello with its derived fields, or a connection that did not deliver one
/// (<see cref="Malformed"/> set, derived fields null). Observation (time, endpoints, raw bytes) is kept apart from
/// interpretation (the derived fields), which can always be recomputed from <see cref="Raw"/>.
/// </summary>
public sealed record CapturedHello
{
    /// <summary>Row id in the store; 0 until stored.</summary>
    public long Id { get; init; }
    public required DateTimeOffset Time { get; init; }
    /// <summary>Client endpoint "ip:port" ("[::1]:port" for IPv6).</summary>
    public required string Client { get; init; }
    public required string Server { get; init; }
    public required CaptureTransport Transport { get; init; }
    /// <summary>"listener" or the capture file name.</summary>
    public required string Source { get; init; }
    /// <summary>The ClientHello handshake message; for malformed input, the first bytes received (at most 64).</summary>
    public byte[]? Raw { get; init; }
    public string? Malformed { get; init; }

    public string? ServerName { get; init; }
    public IReadOnlyList<string> Alpn { get; init; } = [];
    /// <summary>Offered versions by name ("TLSv1.3", …), highest first, GREASE left out.</summary>
    public IReadOnlyList<string> Versions { get; init; } = [];
    public int CipherSuiteCount { get; init; }
    public string? Ja3 { get; init; }
    public string? Ja3String { get; init; }
    public string? Ja4 { get; init; }
    public string? Ja4R { get; init; }

    public string? MaxVersion => Versions.Count > 0 ? Versions[0] : null;
}
