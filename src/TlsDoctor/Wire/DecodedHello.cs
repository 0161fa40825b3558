namespace TlsDoctor.Wire;

/// <summary>
/// A hello decoded from user-supplied bytes: exactly one of the four message properties is set.
/// <see cref="MessageOffset"/> is where the message starts in the input (5 after a record header).
/// </summary>
public sealed record DecodedHello
{
    public required HelloFraming Framing { get; init; }
    /// <summary>The record-layer version of the first record, when the input had record headers.</summary>
    public ushort? RecordVersion { get; init; }
    public int MessageOffset { get; init; }
    public ClientHello? ClientHello { get; init; }
    public ServerHello? ServerHello { get; init; }
    public Sslv2ClientHello? Sslv2ClientHello { get; init; }
    public Sslv2ServerHello? Sslv2ServerHello { get; init; }

    /// <summary>"ClientHello", "ServerHello", "HelloRetryRequest", "SSLv2ClientHello" or "SSLv2ServerHello".</summary>
    public string Type =>
        ClientHello is not null ? "ClientHello"
        : ServerHello is { IsHelloRetryRequest: true } ? "HelloRetryRequest"
        : ServerHello is not null ? "ServerHello"
        : Sslv2ClientHello is not null ? "SSLv2ClientHello"
        : "SSLv2ServerHello";
}
