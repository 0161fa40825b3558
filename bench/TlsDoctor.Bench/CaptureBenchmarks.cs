using System.Net;
using BenchmarkDotNet.Attributes;
using TlsDoctor.Capture;

namespace TlsDoctor.Bench;

/// <summary>
/// Capture hot paths: decoding and fingerprinting one hello (JA3 + JA4), following a TLS stream written one byte at a
/// time, and reading whole captures from memory (TCP reassembly; QUIC Initial decryption).
/// </summary>
[MemoryDiagnoser]
public class CaptureBenchmarks
{
    private byte[] _record = [];
    private RawHello _hello = null!;
    private byte[] _tcpCapture = [];
    private byte[] _quicCapture = [];

    private static string Fixture(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "tests", "TlsDoctor.Tests", "Capture", "Fixtures", name);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException(name);
    }

    [GlobalSetup]
    public void Setup()
    {
        _record = Convert.FromHexString(File.ReadAllText(Fixture("curl.clienthello.hex")).Trim());
        var endpoint = new IPEndPoint(IPAddress.Loopback, 443);
        _hello = new RawHello(DateTimeOffset.UnixEpoch, endpoint, endpoint, CaptureTransport.Tcp, _record[5..], null, null, "bench");
        _tcpCapture = File.ReadAllBytes(Fixture("curl.pcap"));
        _quicCapture = File.ReadAllBytes(Fixture("quic-with-several-tls-frames.pcapng"));
    }

    [Benchmark]
    public CapturedHello AnalyzeHello() => HelloAnalyzer.Analyze(_hello);

    [Benchmark]
    public int StreamReaderOneByteWrites()
    {
        var reader = new HelloStreamReader(strict: true);
        var events = new List<HelloStreamEvent>();
        for (var i = 0; i < _record.Length; i++) reader.Feed(_record.AsSpan(i, 1), true, events);
        return events.Count;
    }

    [Benchmark]
    public int ReadTcpCapture() => new PcapCapture().Read(new MemoryStream(_tcpCapture), "bench", "bench").Count();

    [Benchmark]
    public int ReadQuicCapture() => new PcapCapture().Read(new MemoryStream(_quicCapture), "bench", "bench").Count();
}
