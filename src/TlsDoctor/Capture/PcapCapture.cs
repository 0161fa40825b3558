namespace TlsDoctor.Capture;

/// <summary>
/// Reads capture files and yields every ClientHello they contain, over TCP (any port) and in QUIC Initial packets,
/// in file order. Per-file statistics and errors go to <see cref="Files"/>.
/// </summary>
public sealed class PcapCapture
{
    /// <summary>What one file gave: packets, bytes, hellos, and why reading stopped early (if it did).</summary>
    public sealed record FileSummary(string Path, long Packets, long Bytes, int Hellos, long UnsupportedLinkTypePackets, string? Error);

    private readonly List<FileSummary> _files = [];
    public IReadOnlyList<FileSummary> Files => _files;

    public IEnumerable<RawHello> Read(IEnumerable<string> paths, int maxHelloBytes = Wire.RecordAssembler.MaxHelloLength)
    {
        foreach (var path in paths)
        {
            Stream stream;
            try { stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _files.Add(new FileSummary(path, 0, 0, 0, 0, e.Message));
                continue;
            }
            using (stream)
                foreach (var hello in Read(stream, System.IO.Path.GetFileName(path), path, maxHelloBytes))
                    yield return hello;
        }
    }

    public IEnumerable<RawHello> Read(Stream stream, string source, string path, int maxHelloBytes = Wire.RecordAssembler.MaxHelloLength)
    {
        var reader = new PcapReader(stream);
        var tcp = new TcpHelloTracker(source, maxHelloBytes: maxHelloBytes);
        var quic = new QuicHelloTracker(source, maxHelloBytes);
        var found = new List<RawHello>();
        long packets = 0;
        var hellos = 0;
        foreach (var frame in reader.Frames())
        {
            packets++;
            if (!PacketDecoder.TryDecode(frame, out var segment)) continue;
            if (segment.IsTcp) tcp.Add(segment, found);
            else quic.Add(segment, found);
            if (found.Count == 0) continue;
            foreach (var hello in found) { hellos++; yield return hello; }
            found.Clear();
        }
        _files.Add(new FileSummary(path, packets, reader.BytesRead, hellos, reader.UnsupportedLinkTypePackets, reader.Error));
    }
}
