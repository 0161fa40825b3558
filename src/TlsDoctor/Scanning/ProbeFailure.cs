using System.Text.Json.Serialization;

namespace TlsDoctor.Scanning;

/// <summary>
/// Why a probe did not produce a server answer we could use: a closed vocabulary. Each case says
/// what was observed on the wire; interpretation ("protocol not supported") is left to the caller.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(Unresolvable), "unresolvable")]
[JsonDerivedType(typeof(Refused), "refused")]
[JsonDerivedType(typeof(Reset), "reset")]
[JsonDerivedType(typeof(Timeout), "timeout")]
[JsonDerivedType(typeof(Alert), "alert")]
[JsonDerivedType(typeof(NotTls), "notTls")]
[JsonDerivedType(typeof(DecodeError), "decodeError")]
[JsonDerivedType(typeof(Closed), "closed")]
[JsonDerivedType(typeof(ProtocolViolation), "protocolViolation")]
[JsonDerivedType(typeof(InternalError), "internalError")]
public abstract record ProbeFailure
{
    /// <summary>One line for operators, protocol-accurate.</summary>
    public abstract string Message { get; }

    /// <summary>True for failures that say nothing about TLS (the endpoint could not be reached at all).</summary>
    [JsonIgnore]
    public virtual bool IsConnectivity => false;

    // Sealed so the derived records keep it instead of printing their members ("Refused { Message = … }").
    public sealed override string ToString() => Message;

    /// <summary>The host name did not resolve to any address.</summary>
    public sealed record Unresolvable(string Host, string Reason) : ProbeFailure
    {
        public override string Message => $"cannot resolve '{Host}': {Reason}";
        public override bool IsConnectivity => true;
    }

    /// <summary>The TCP connection was refused (RST in answer to SYN).</summary>
    public sealed record Refused : ProbeFailure
    {
        public override string Message => "connection refused";
        public override bool IsConnectivity => true;
    }

    /// <summary>The connection was reset by the peer after it was established.</summary>
    public sealed record Reset : ProbeFailure
    {
        public override string Message => "connection reset";
    }

    /// <summary>A deadline passed in <see cref="Stage"/>.</summary>
    public sealed record Timeout(ProbeStage Stage, int AfterMs) : ProbeFailure
    {
        public override string Message => Stage switch
        {
            ProbeStage.Resolve => $"timeout resolving the name after {AfterMs} ms",
            ProbeStage.Connect => $"timeout connecting after {AfterMs} ms",
            ProbeStage.FirstByte => $"timeout waiting for the server's answer after {AfterMs} ms",
            _ => $"timeout reading the server's flight after {AfterMs} ms",
        };
        public override bool IsConnectivity => Stage is ProbeStage.Resolve or ProbeStage.Connect;
    }

    /// <summary>The server answered with an alert (RFC 8446 section 6). SSLv2 errors map to description 40 with level 2.</summary>
    public sealed record Alert(byte Level, byte Description) : ProbeFailure
    {
        public string DescriptionName => Registry.AlertDescriptions.Describe(Description);
        public string LevelName => Level switch { 1 => "warning", 2 => "fatal", _ => $"level {Level}" };
        public override string Message => $"alert {DescriptionName}({Description}), {LevelName}";
    }

    /// <summary>The first bytes do not frame as TLS (e.g. "HTTP/1.1 400", an SSH banner).</summary>
    public sealed record NotTls(string FirstBytesHex, string FirstBytesText) : ProbeFailure
    {
        public override string Message => $"not TLS: the server sent {FirstBytesHex} \"{FirstBytesText}\"";
    }

    /// <summary>Bytes framed as TLS but could not be decoded.</summary>
    public sealed record DecodeError(int Offset, string Reason) : ProbeFailure
    {
        public override string Message => $"decode error at offset {Offset}: {Reason}";
    }

    /// <summary>The server closed the connection (FIN) without completing its answer.</summary>
    public sealed record Closed(int BytesReceived) : ProbeFailure
    {
        public override string Message => BytesReceived == 0 ? "connection closed without an answer" : $"connection closed after {BytesReceived} bytes, mid-message";
    }

    /// <summary>
    /// The server answered, but with something no client accepts: a cipher suite the hello did not offer (RFC 8446 section
    /// 4.1.3, RFC 5246 section 7.4.1.3: the client aborts with illegal_parameter), or one that cannot be used at the
    /// version it selected (a TLS 1.3 suite in a TLS 1.2 ServerHello). <see cref="Received"/> says what arrived.
    /// </summary>
    public sealed record ProtocolViolation(string Received, string Reason) : ProbeFailure
    {
        /// <summary>The suite the server selected.</summary>
        [JsonIgnore]
        public ushort? Suite { get; init; }

        public override string Message => $"protocol violation: {Received}, {Reason}; a client aborts the handshake";
    }

    /// <summary>
    /// The scan of this endpoint hit a bug in the scanner (an exception). Reported as this endpoint's failure so that
    /// the other endpoints of a run are still scanned and reported.
    /// </summary>
    public sealed record InternalError(string ExceptionType, string Detail) : ProbeFailure
    {
        public override string Message => $"internal error while scanning ({ExceptionType}: {Detail}); please report it";
    }

    /// <summary>Builds <see cref="NotTls"/> from the first bytes received.</summary>
    public static NotTls FromFirstBytes(ReadOnlySpan<byte> bytes)
    {
        var head = bytes[..Math.Min(bytes.Length, 16)];
        var text = new string(head.ToArray().Select(b => b is >= 0x20 and < 0x7F ? (char)b : '.').ToArray());
        return new NotTls(Convert.ToHexStringLower(head), text);
    }
}
