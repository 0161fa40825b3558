namespace TlsDoctor.Logs;

/// <summary>A read-only stream that yields some bytes already read from <paramref name="rest"/> and then the rest of it.</summary>
internal sealed class PrefixedStream(byte[] prefix, Stream rest) : ForwardReadStream
{
    private int _prefixPosition;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_prefixPosition < prefix.Length)
        {
            var n = Math.Min(buffer.Length, prefix.Length - _prefixPosition);
            prefix.AsSpan(_prefixPosition, n).CopyTo(buffer);
            _prefixPosition += n;
            return n;
        }
        return rest.Read(buffer);
    }


    protected override void Dispose(bool disposing)
    {
        if (disposing) rest.Dispose();
        base.Dispose(disposing);
    }
}
