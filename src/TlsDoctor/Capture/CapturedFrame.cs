namespace TlsDoctor.Capture;

/// <summary>
/// One packet as stored in a capture file. <see cref="Data"/> may point into a buffer the reader reuses:
/// it is valid until the reader moves to the next packet.
/// </summary>
public readonly record struct CapturedFrame(DateTimeOffset Time, LinkType LinkType, ReadOnlyMemory<byte> Data);
