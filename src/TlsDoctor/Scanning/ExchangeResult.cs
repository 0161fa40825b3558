namespace TlsDoctor.Scanning;

/// <summary>
/// The bytes a server sent in answer to one request and, when the answer did not complete, why.
/// Decode <see cref="Received"/> first: an alert or a ServerHello may be there even when the
/// connection was then reset or closed.
/// </summary>
public sealed record ExchangeResult(byte[] Received, ProbeFailure? Failure, TimeSpan Elapsed)
{
    public bool IsComplete => Failure is null;
}
