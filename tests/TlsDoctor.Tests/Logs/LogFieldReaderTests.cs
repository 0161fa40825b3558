using System.Text;
using TlsDoctor.Logs;

namespace TlsDoctor.Tests.Logs;

/// <summary>
/// The field splitter finds spaces 64 bytes at a time: it must split every line exactly as the rule of log-formats.md 0
/// says (single spaces; a quoted field ends at a quote followed by a space or the end), wherever fields and quotes fall
/// against the 64-byte blocks. The reference here applies the rule one byte at a time.
/// </summary>
public class LogFieldReaderTests
{
    [Fact]
    public void SplitsLikeTheRuleWhereverFieldsFallAgainstTheBlocks()
    {
        var random = new Random(20261206);
        var alphabet = "aaaaaaaaaa    \"\"-,"u8.ToArray();
        for (var i = 0; i < 30000; i++)
        {
            var line = new byte[random.Next(0, i % 10 == 0 ? 700 : 200)];
            for (var j = 0; j < line.Length; j++) line[j] = alphabet[random.Next(alphabet.Length)];
            // Long fields and spaces on and around the block boundaries.
            if (i % 4 == 0)
                foreach (var at in new[] { 62, 63, 64, 65, 127, 128, 129 })
                    if (at < line.Length) line[at] = random.Next(2) == 0 ? (byte)' ' : (byte)'x';
            AssertSplitsLikeTheRule(line);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a  b ")]
    [InlineData("\"one two\" three")]
    [InlineData("\"(\"h2\",\"http/1.1\")\" x")]
    [InlineData("\"never closed")]
    [InlineData("\"\"")]
    public void SplitsTheEdgeCases(string text) => AssertSplitsLikeTheRule(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void SplitsGeneratedLinesOfEveryFormatAndTheirLongVariants()
    {
        var generator = new LogGenerator(17);
        foreach (var format in LogFormats.All)
            for (var i = 0; i < 200; i++)
            {
                var line = generator.Line(LogFormats.Name(format)).TrimEnd('\n');
                AssertSplitsLikeTheRule(Encoding.UTF8.GetBytes(line));
                // The same line with one field made longer than a block or two.
                AssertSplitsLikeTheRule(Encoding.UTF8.GetBytes(line.Replace(" ", new string('z', 1 + i % 150) + " ", StringComparison.Ordinal)));
            }
    }

    private static void AssertSplitsLikeTheRule(byte[] line)
    {
        var expected = Reference(line);
        var actual = new List<(string, bool)>();
        var reader = new LogFieldReader(line);
        while (reader.TryNext(out var field, out var quoted)) actual.Add((Encoding.Latin1.GetString(field), quoted));
        Assert.Equal(expected, actual);
        Assert.Equal(expected.Count, reader.Count);
        Assert.True(reader.AtEnd);
    }

    /// <summary>The rule, byte by byte: the fields up to the end or up to a quoted field that never closes.</summary>
    private static List<(string, bool)> Reference(byte[] line)
    {
        var fields = new List<(string, bool)>();
        var position = 0;
        while (position <= line.Length)
        {
            if (position < line.Length && line[position] == (byte)'"')
            {
                var close = -1;
                for (var k = position + 1; k < line.Length; k++)
                    if (line[k] == (byte)'"' && (k + 1 == line.Length || line[k + 1] == (byte)' ')) { close = k; break; }
                if (close < 0) break;
                fields.Add((Encoding.Latin1.GetString(line, position + 1, close - position - 1), true));
                position = close + 2;
                continue;
            }
            var end = position;
            while (end < line.Length && line[end] != (byte)' ') end++;
            fields.Add((Encoding.Latin1.GetString(line, position, end - position), false));
            position = end + 1;
        }
        return fields;
    }
}
