using System.Text;
using TlsDoctor.Logs;

namespace TlsDoctor.Tests.Logs;

/// <summary>
/// The map compares its first keys by length and first and last bytes before any hashing: keys that differ only in
/// the middle, share a prefix or a suffix, or are shorter than the compared bytes must still count apart.
/// </summary>
public class SpanKeyedMapTests
{
    [Fact]
    public void CountsLikeADictionaryOfStrings()
    {
        var random = new Random(7);
        // Few distinct values (the recent-key path) and their near misses: the same ends with another middle.
        string[] near =
        [
            "", "-", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3", "tlsv12", "443", "80",
            "ECDHE-RSA-AES128-SHA", "ECDHE-RSA-AES256-SHA", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256",
            "AES128-GCM-SHA256", "AES256-GCM-SHA256", "0123456789abcdef", "0123456789abXdef", "0123456789abcdefg", "0123456789aXcdefg",
            "abcdefgh", "abcXefgh", "abcdefgh1", "abc", "abd", "ab",
        ];
        for (var round = 0; round < 20; round++)
        {
            var map = new SpanKeyedMap<Counter>();
            var truth = new Dictionary<string, long>(StringComparer.Ordinal);
            var order = near.OrderBy(_ => random.Next()).ToArray();
            for (var i = 0; i < 5000; i++)
            {
                var key = i % 5 == 4 ? RandomKey(random) : order[Math.Min(random.Next(order.Length), random.Next(order.Length))];
                map.GetOrAdd(Encoding.UTF8.GetBytes(key), Counter.New).Count++;
                truth[key] = truth.GetValueOrDefault(key) + 1;
            }
            Assert.Equal(truth.OrderBy(x => x.Key, StringComparer.Ordinal), map.Entries.Select(e => KeyValuePair.Create(e.Key, e.Value.Count)).OrderBy(x => x.Key, StringComparer.Ordinal));
        }
    }

    private static string RandomKey(Random random)
    {
        var chars = new char[random.Next(0, 24)];
        for (var i = 0; i < chars.Length; i++) chars[i] = "abAB-1"[random.Next(6)];
        return new string(chars);
    }
}
