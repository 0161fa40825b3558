using System.IO.Compression;
using System.Text;
using TlsDoctor.Logs;

namespace TlsDoctor.Tests.Logs;

/// <summary>
/// Inflating on another thread must change nothing but the speed: the same bytes in the same order, the inner stream's
/// failure at its place in the stream, a corrupt file still an unreadable one, and the inner stream closed when the
/// reader stops early.
/// </summary>
public class ReadAheadStreamTests
{
    [Fact]
    public void GivesTheInnerStreamsBytesWhateverTheReadSizes()
    {
        var random = new Random(11);
        var data = new byte[3_000_000];
        random.NextBytes(data);
        using var stream = new ReadAheadStream(new PieceStream(data, random, failAt: -1));
        var copy = new MemoryStream();
        var buffer = new byte[1 << 20];
        int n;
        while ((n = stream.Read(buffer, 0, 1 + random.Next(buffer.Length))) > 0) copy.Write(buffer, 0, n);
        Assert.Equal(data, copy.ToArray());
        Assert.Equal(0, stream.Read(buffer, 0, buffer.Length));
    }

    [Fact]
    public void TheInnerStreamsFailureComesAtItsPlaceAndStays()
    {
        var random = new Random(12);
        var data = new byte[1_000_000];
        random.NextBytes(data);
        using var stream = new ReadAheadStream(new PieceStream(data, random, failAt: 600_000));
        var copy = new MemoryStream();
        var buffer = new byte[100_000];
        var error = Assert.Throws<IOException>(() =>
        {
            int n;
            while ((n = stream.Read(buffer, 0, buffer.Length)) > 0) copy.Write(buffer, 0, n);
        });
        Assert.Equal("broken at 600000", error.Message);
        Assert.Equal(data[..600_000], copy.ToArray());
        Assert.Throws<IOException>(() => stream.Read(buffer, 0, buffer.Length));
    }

    [Fact]
    public void StoppingEarlyClosesTheInnerStream()
    {
        var data = new byte[5_000_000];
        var inner = new PieceStream(data, new Random(13), failAt: -1);
        var stream = new ReadAheadStream(inner);
        Assert.True(stream.Read(new byte[10], 0, 10) > 0);
        stream.Dispose();
        Assert.True(SpinWait.SpinUntil(() => inner.Closed, TimeSpan.FromMinutes(2)), "the reading thread did not stop");
    }

    [Fact]
    public void ASingleGzipFileIsInflatedAheadWithTheSameCountsAndACorruptOneIsUnreadable()
    {
        using var files = new LogTestFiles();
        var generator = new LogGenerator(21);
        files.Write("2025-03-01", "conn_log.123456789012_elasticloadbalancing_us-east-2_app.lb.1234_20250301T0005Z_10.0.1.15_a.log.gz",
            w => generator.Write("alb-connection", w, 30_000));
        var ahead = LogSummarizer.Summarize(files.Sources(), new LogScanOptions { Parallelism = 4 });
        var inline = LogSummarizer.Summarize(files.Sources(), new LogScanOptions { Parallelism = 1 });
        Assert.Equal(generator.Truth.Lines, ahead.Scan.Lines);
        Assert.Equal(generator.Truth.Connections, ahead.Connections);
        Assert.Equal(generator.Truth.Failed, ahead.Failed);
        Assert.Equal(inline.ByProtocol, ahead.ByProtocol);
        Assert.Equal(inline.ByCipher, ahead.ByCipher);
        Assert.Equal(inline.FailedByClient, ahead.FailedByClient);

        // The same file cut short, and a file of garbage after gzip's header: whatever the decoder makes of them, the same
        // with read-ahead as without.
        var path = files.Sources().Single().Name;
        var bytes = File.ReadAllBytes(path);
        foreach (var broken in new[] { bytes[..(bytes.Length / 2)], [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0x00] })
        {
            File.WriteAllBytes(path, broken);
            var cut = LogSummarizer.Summarize(files.Sources(), new LogScanOptions { Parallelism = 4 });
            var cutInline = LogSummarizer.Summarize(files.Sources(), new LogScanOptions { Parallelism = 1 });
            Assert.Equal(cutInline.Scan.Skipped, cut.Scan.Skipped);
            Assert.Equal(cutInline.Scan.Lines, cut.Scan.Lines);
            Assert.Equal(cutInline.Connections, cut.Connections);
        }
        Assert.True(LogSummarizer.Summarize(files.Sources(), new LogScanOptions { Parallelism = 4 }).Scan.Skipped.Single().Unreadable);
    }

    /// <summary>Hands out its data a few KB at a time (as a gzip decoder does), failing at <c>failAt</c> when that is not -1.</summary>
    private sealed class PieceStream(byte[] data, Random random, int failAt) : MemoryStream(data)
    {
        private readonly Lock _lock = new();
        public bool Closed { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            lock (_lock)
            {
                var limit = failAt >= 0 ? failAt - (int)Position : int.MaxValue;
                if (limit == 0) throw new IOException($"broken at {failAt}");
                return base.Read(buffer, offset, Math.Min(Math.Min(count, 1 + random.Next(20_000)), limit));
            }
        }

        protected override void Dispose(bool disposing)
        {
            Closed = true;
            base.Dispose(disposing);
        }
    }
}
