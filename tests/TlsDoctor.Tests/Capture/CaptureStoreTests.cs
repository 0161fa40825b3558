using Microsoft.Data.Sqlite;
using TlsDoctor.Capture;

namespace TlsDoctor.Tests.Capture;

public class CaptureStoreTests
{
    [Fact]
    public void Rows_round_trip_and_the_journal_is_wal()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tlsdoctor-store-{Guid.NewGuid():N}.db");
        try
        {
            var hellos = new PcapCapture().Read([FingerprintReferenceTests.Fixture("tls-alpn-h2.pcap"), FingerprintReferenceTests.Fixture("quic-tls-handshake.pcapng")])
                .Select(HelloAnalyzer.Analyze).ToList();
            hellos.Add(new CapturedHello { Time = DateTimeOffset.UnixEpoch, Client = "127.0.0.1:1", Server = "127.0.0.1:2", Transport = CaptureTransport.Tcp, Source = "listener", Raw = [1, 2], Malformed = "not TLS: test" });
            using (var store = CaptureStore.Open(path))
            {
                var stored = store.Append(hellos);
                Assert.Equal(hellos.Count, stored.Select(s => s.Id).Distinct().Count());
            }
            using (var store = CaptureStore.Open(path))
            {
                var read = store.ReadAll().ToList();
                Assert.Equal(hellos.Count, read.Count);
                for (var i = 0; i < hellos.Count; i++)
                {
                    Assert.Equal(hellos[i].Raw, read[i].Raw);
                    Assert.Equal(hellos[i].Ja4, read[i].Ja4);
                    Assert.Equal(hellos[i].Ja3String, read[i].Ja3String);
                    Assert.Equal(hellos[i].Alpn, read[i].Alpn);
                    Assert.Equal(hellos[i].Versions, read[i].Versions);
                    Assert.Equal(hellos[i].Client, read[i].Client);
                    Assert.Equal(hellos[i].Malformed, read[i].Malformed);
                    Assert.Equal(hellos[i].Time.UtcTicks, read[i].Time.UtcTicks);
                }
                Assert.Equal("ok", store.IntegrityCheck());
            }
            using var check = new SqliteConnection($"Data Source={path};Pooling=false");
            check.Open();
            using var cmd = check.CreateCommand();
            cmd.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", (string)cmd.ExecuteScalar()!);
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
        }
    }

    [Fact]
    public void LoadClients_gives_one_offer_per_ja4_with_the_hello_contents()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tlsdoctor-store-{Guid.NewGuid():N}.db");
        try
        {
            var hellos = new PcapCapture().Read([FingerprintReferenceTests.Fixture("curl.pcap"), FingerprintReferenceTests.Fixture("curl.pcap"),
                FingerprintReferenceTests.Fixture("gnutls-cli.pcap")]).Select(HelloAnalyzer.Analyze).ToList();
            using (var store = CaptureStore.Open(path)) store.Append(hellos);
            var clients = CaptureStore.LoadClients(path);
            Assert.Equal(2, clients.Count);
            Assert.StartsWith($"JA4 {hellos[0].Ja4} (2 hellos", clients[0].Name);
            // Ground truth: the curl ClientHello's fields as the shared reference lists them (clients/captured/index.json).
            var curlHello = TlsDoctor.Wire.ClientHello.Decode(hellos[0].Raw!.AsMemory()).Value!;
            Assert.Equal(curlHello.CipherSuites, clients[0].CipherSuites);
            Assert.Equal(["h2", "http/1.1"], clients[0].Alpn);
            Assert.Equal(TlsDoctor.Registry.TlsVersion.Tls13, clients[0].MaxVersion);
            Assert.Throws<FileNotFoundException>(() => CaptureStore.LoadClients(path + ".missing"));
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
        }
    }
}
