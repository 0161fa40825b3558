using System.Text;
using TlsDoctor.Logs;

namespace TlsDoctor.Tests.Logs;

/// <summary>Seeded random input: the line parsers and the line reader never throw, and lines survive any read chunking.</summary>
public class LogParserPropertyTests
{
    [Fact]
    public void RandomBytesAndMutatedLinesNeverThrow()
    {
        var random = new Random(20260601);
        var generator = new LogGenerator(99);
        var valid = LogFormats.All.Select(f => Encoding.UTF8.GetBytes(generator.Line(LogFormats.Name(f)).TrimEnd('\n'))).ToArray();
        var alphabet = "\" -:.TtlsvID_0123456789abc\t\\"u8.ToArray();
        for (var i = 0; i < 20000; i++)
        {
            byte[] line;
            if (i % 3 == 0)
            {
                line = new byte[random.Next(0, 300)];
                for (var j = 0; j < line.Length; j++) line[j] = random.Next(4) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
            }
            else
            {
                line = (byte[])valid[random.Next(valid.Length)].Clone();
                var cut = random.Next(line.Length + 1);
                line = line[..cut];
                for (var m = random.Next(4); m > 0 && line.Length > 0; m--) line[random.Next(line.Length)] = alphabet[random.Next(alphabet.Length)];
            }
            foreach (var format in LogFormats.All)
                if (LogLineParser.TryParse(format, line, out var r, out _))
                {
                    // A parsed record's slices lie inside the line, and a failure is always a TLS connection.
                    Assert.True(r.Protocol.Length <= line.Length && r.Cipher.Length <= line.Length);
                    Assert.True(!r.IsFailed || r.IsTls);
                }
            _ = LogFormats.Detect("x", line);
        }
    }

    [Fact]
    public void EveryStrictPrefixOfAValidLineThatParsesKeepsTheFieldsItHas()
    {
        var generator = new LogGenerator(98);
        foreach (var format in LogFormats.All)
        {
            var line = Encoding.UTF8.GetBytes(generator.Line(LogFormats.Name(format)).TrimEnd('\n'));
            Assert.True(LogLineParser.TryParse(format, line, out _, out _));
            for (var n = 0; n < line.Length; n++) LogLineParser.TryParse(format, line.AsSpan(0, n), out _, out _);
        }
    }

    /// <summary>A stream that hands out at most a few bytes per read, so that lines straddle every buffer boundary.</summary>
    private sealed class TrickleStream(byte[] data, Random random) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1 + random.Next(700)));
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1 + random.Next(700))]);
    }

    [Fact]
    public void TheLineReaderReturnsEveryLineWhateverTheChunking()
    {
        var random = new Random(7);
        var lines = Enumerable.Range(0, 3000).Select(i => new string((char)('a' + i % 26), random.Next(0, i % 100 == 0 ? 300_000 : 400))).ToList();
        var data = Encoding.ASCII.GetBytes(string.Join("\n", lines));
        using var reader = new LogLineReader(new TrickleStream(data, random));
        var read = new List<string>();
        while (reader.TryReadLine(out var line)) read.Add(Encoding.ASCII.GetString(line));
        Assert.Equal(lines, read);
        Assert.Equal(lines.Count, reader.LineNumber);
    }

    [Fact]
    public void AnOverlongLineIsSkippedAndCounted()
    {
        var data = Encoding.ASCII.GetBytes("first\n" + new string('x', LogLineReader.MaxLineLength + 10) + "\nlast\n");
        using var reader = new LogLineReader(new MemoryStream(data));
        var read = new List<(string, bool)>();
        while (reader.TryReadLine(out var line)) read.Add((Encoding.ASCII.GetString(line), reader.LastWasOverlong));
        Assert.Equal([("first", false), ("", true), ("last", false)], read);
        Assert.Equal(1, reader.OverlongLines);
    }

    /// <summary>Zeros without end, like /dev/zero: no line end ever comes.</summary>
    private sealed class EndlessZeros : Stream
    {
        public long Served { get; private set; }
        public override int Read(byte[] buffer, int offset, int count) { Array.Clear(buffer, offset, count); Served += count; return count; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Served; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public void An_input_without_line_ends_is_given_up_after_a_bounded_read()
    {
        var zeros = new EndlessZeros();
        using var reader = new LogLineReader(zeros);
        Assert.Throws<InvalidDataException>(() => reader.TryReadLine(out _));
        Assert.InRange(zeros.Served, LogLineReader.MaxSkippedRun, LogLineReader.MaxSkippedRun + 4L * LogLineReader.MaxLineLength);

        // The summary skips it as unreadable and goes on with the next source.
        var summary = LogSummarizer.Summarize([new LogSource("zeros", () => new EndlessZeros())]);
        var skipped = Assert.Single(summary.Scan.Skipped);
        Assert.True(skipped.Unreadable);
        Assert.Contains("no line end", skipped.Reason);
    }
}
