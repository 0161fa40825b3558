using BenchmarkDotNet.Attributes;
using TlsDoctor.Registry;
using TlsDoctor.Wire;

namespace TlsDoctor.Bench;

/// <summary>
/// Parse and build of a 512-byte ClientHello: the field values of curl 7.88.1's hello (suites, groups, SNI, ALPN,
/// x25519 share), padded to 512 bytes as curl's own hello is.
/// Run: dotnet run -c Release --project bench/TlsDoctor.Bench -- --filter '*WireBenchmarks*' --job short --memory
/// </summary>
[MemoryDiagnoser]
public class WireBenchmarks
{
    private byte[] _message = [];
    private ClientHello _hello = null!;
    private readonly TlsWriter _writer = new(1024);
    private ClientHelloBuilder _builder = null!;

    [GlobalSetup]
    public void Setup()
    {
        _message = Convert.FromHexString(ValidHex());
        var hello = ClientHello.Decode(_message).GetValueOrThrow();
        _hello = hello;
        if (_message.Length != 512) throw new InvalidOperationException($"benchmark hello is {_message.Length} bytes, expected 512");
        _builder = new ClientHelloBuilder
        {
            Versions = [TlsVersion.Tls12, TlsVersion.Tls13],
            CipherSuites = hello.CipherSuites.ToList(),
            Groups = hello.SupportedGroups.ToList(),
            KeyShareGroups = [0x001D],
            ServerName = "test.example",
            Alpn = ["h2", "http/1.1"],
            Padding = PaddingMode.ToLength,
            PaddingTarget = 512,
            Random = RandomSource.FromSeed(1),
        };
    }

    /// <summary>A valid 512-byte ClientHello handshake message built from curl's field values.</summary>
    private static string ValidHex()
    {
        var probe = new ClientHelloBuilder
        {
            Versions = [TlsVersion.Tls12, TlsVersion.Tls13],
            CipherSuites = [0x1302, 0x1303, 0x1301, 0xC02C, 0xC030, 0x009F, 0xCCA9, 0xCCA8, 0xCCAA, 0xC02B, 0xC02F, 0x009E, 0xC024, 0xC028, 0x006B,
                0xC023, 0xC027, 0x0067, 0xC00A, 0xC014, 0x0039, 0xC009, 0xC013, 0x0033, 0x009D, 0x009C, 0x003D, 0x003C, 0x0035, 0x002F, 0x00FF],
            Groups = [0x001D, 0x0017, 0x001E, 0x0019, 0x0018, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104],
            KeyShareGroups = [0x001D],
            ServerName = "test.example",
            Alpn = ["h2", "http/1.1"],
            SessionTicket = true, EncryptThenMac = true, ExtendedMasterSecret = true,
            Padding = PaddingMode.ToLength, PaddingTarget = 512,
            Random = RandomSource.FromSeed(2),
        };
        return Convert.ToHexString(probe.Build().ToBytes());
    }

    [Benchmark(Description = "ClientHello.Decode (512 B, no copy)")]
    public ClientHello Decode() => ClientHello.Decode(_message.AsMemory()).Value!;

    [Benchmark(Description = "ClientHello.Decode + typed views (SNI, groups, key shares, ALPN)")]
    public int DecodeWithViews()
    {
        var h = ClientHello.Decode(_message.AsMemory()).Value!;
        return h.ServerName!.Length + h.SupportedGroups.Count + h.KeyShares.Count + h.Alpn.Count;
    }

    [Benchmark(Description = "RecordLayerReader.Read (one 517 B record)")]
    public int ReadRecord() => RecordLayerReader.Read(_record).Messages.Count;
    private byte[] _record => _recordBytes ??= TlsRecord.Wrap(ContentType.Handshake, 0x0301, _message);
    private byte[]? _recordBytes;

    [Benchmark(Description = "ClientHello.Encode (512 B, reused writer)")]
    public int Encode()
    {
        _writer.Reset();
        _hello.Encode(_writer);
        return _writer.Length;
    }

    [Benchmark(Description = "ClientHelloBuilder.Build + ToBytes (x25519 share)")]
    public int Build() => _builder.Build().ToBytes().Length;
}
