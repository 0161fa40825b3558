using System.Security.Cryptography;

namespace TlsDoctor.Wire;

/// <summary>
/// Where crafted hellos take their random bytes (client random, session id, key-share private keys, GREASE picks).
/// <see cref="FromSeed"/> makes every encoding reproducible; <see cref="Secure"/> is for real connections.
/// </summary>
public abstract class RandomSource
{
    public abstract void Fill(Span<byte> destination);

    public byte[] GetBytes(int count)
    {
        var b = new byte[count];
        Fill(b);
        return b;
    }

    /// <summary>A uniformly chosen index below <paramref name="count"/>.</summary>
    public int NextIndex(int count)
    {
        Span<byte> b = stackalloc byte[4];
        Fill(b);
        return (int)(BitConverter.ToUInt32(b) % (uint)count);
    }

    public static RandomSource Secure { get; } = new SecureSource();

    /// <summary>A deterministic stream (SHA-256 in counter mode over the seed): the same seed gives the same bytes on every platform.</summary>
    public static RandomSource FromSeed(long seed) => new SeededSource(seed);

    private sealed class SecureSource : RandomSource
    {
        public override void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
    }

    private sealed class SeededSource(long seed) : RandomSource
    {
        private ulong _counter;
        private readonly byte[] _block = new byte[32];
        private int _used = 32;

        public override void Fill(Span<byte> destination)
        {
            Span<byte> input = stackalloc byte[16];
            while (destination.Length > 0)
            {
                if (_used == _block.Length)
                {
                    BitConverter.TryWriteBytes(input, seed);
                    BitConverter.TryWriteBytes(input[8..], _counter++);
                    SHA256.HashData(input, _block);
                    _used = 0;
                }
                var n = Math.Min(destination.Length, _block.Length - _used);
                _block.AsSpan(_used, n).CopyTo(destination);
                _used += n;
                destination = destination[n..];
            }
        }
    }
}
