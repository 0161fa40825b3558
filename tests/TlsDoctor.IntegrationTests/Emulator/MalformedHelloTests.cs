using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using TlsDoctor.Cli;
using TlsDoctor.Emulator;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;
using TlsDoctor.Wire;

namespace TlsDoctor.IntegrationTests.Emulator;

/// <summary>
/// The emulator and the simulator give one verdict for a faulty hello, the client receives the alert the log names, and
/// one hello size limit holds from the read to the TLS engine.
/// </summary>
public sealed class MalformedHelloTests
{
    private const string PolicyName = "ELBSecurityPolicy-TLS13-1-2-2021-06";

    private static ClientHello Hello(params TlsExtension[] extra) => Hello([], extra);

    private static ClientHello Hello(IEnumerable<ushort> moreSuites, params TlsExtension[] extra) => new ClientHelloBuilder
    {
        Versions = [TlsVersion.Tls12],
        CipherSuites = [0xC02F, .. moreSuites],
        Groups = [0x001D],
        ExtraExtensions = extra,
    }.Build();

    private static async Task<byte[]> ExchangeAsync(int port, byte[] bytes)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        var received = new MemoryStream();
        // A server that refuses as soon as the length field arrives may reset before the rest is written.
        try { await stream.WriteAsync(bytes); }
        catch (IOException) { return received.ToArray(); }
        var buffer = new byte[16384];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            int n;
            // A ServerHello is enough for the hello-size cases; alerts end with the server's close.
            while ((n = await stream.ReadAsync(buffer, cts.Token)) > 0)
            {
                received.Write(buffer, 0, n);
                if (received.Length > 5 && received.GetBuffer()[0] == 22) break;
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException) { }
        return received.ToArray();
    }

    [Fact]
    public async Task A_duplicate_extension_gets_the_same_refusal_from_serve_and_simulate()
    {
        var hello = Hello(new TlsExtension(ExtensionType.EcPointFormats, new byte[] { 1, 0 }));
        await using var server = await new RunningEmulator { Policy = TlsDoctor.Policies.PolicyCatalog.Get(PolicyName)!, Analyzer = new SimulatorHelloAnalyzer() }.StartAsync();

        byte[] received = [];
        var record = await server.OneRecordAsync(async () => received = await ExchangeAsync(server.Port, hello.ToRecord()));
        Assert.Equal(ConnectionOutcome.Refused, record.Outcome);
        Assert.Equal("illegal_parameter", record.Alert);
        // What the log says was sent, was sent: one fatal illegal_parameter alert.
        Assert.Equal("1503030002022f", Convert.ToHexStringLower(received));
        Assert.Equal(received.Length, record.BytesOut);
        Assert.Equal("malformed-client-hello", record.Reason);

        var (exit, output, _) = CliRunner.Run("simulate", "--client-hello", Convert.ToHexStringLower(hello.ToRecord()), "--policy", PolicyName, "--json");
        Assert.NotEqual(ExitCodes.Ok, exit);
        Assert.Contains("illegal_parameter", output);
        Assert.Contains("malformed-client-hello", output);
    }

    [Theory]
    [InlineData(40_000)]
    [InlineData(RecordAssembler.MaxHelloLength - 200)]
    public async Task A_hello_below_the_limit_is_answered_by_the_engine(int padding)
    {
        var hello = Hello(new TlsExtension(0xFF00, new byte[padding]));
        Assert.True(hello.ToBytes().Length - HandshakeHeader.Length <= RecordAssembler.MaxHelloLength);
        await using var server = await new RunningEmulator { Policy = TlsDoctor.Policies.PolicyCatalog.Get(PolicyName)!, HandshakeTimeout = TimeSpan.FromSeconds(20) }.StartAsync();
        var received = await ExchangeAsync(server.Port, hello.ToRecord());
        Assert.True(received.Length > 9 && received[0] == 22 && received[5] == (byte)HandshakeType.ServerHello, $"answer: {Convert.ToHexStringLower(received.AsSpan(0, Math.Min(16, received.Length)))}");
        Assert.DoesNotContain(server.Records, r => r.Outcome is ConnectionOutcome.Error or ConnectionOutcome.Refused);
    }

    [Fact]
    public async Task A_hello_above_the_limit_is_refused_where_it_is_read()
    {
        // Extensions hold at most 64 KiB, so the suites make up the rest: 10,000 unassigned code points.
        var hello = Hello(Enumerable.Range(0x5A00, 10_000).Select(x => (ushort)x), new TlsExtension(0xFF00, new byte[50_000]));
        Assert.True(hello.ToBytes().Length - HandshakeHeader.Length > RecordAssembler.MaxHelloLength);
        await using var server = await new RunningEmulator { Policy = TlsDoctor.Policies.PolicyCatalog.Get(PolicyName)! }.StartAsync();
        var record = await server.OneRecordAsync(() => ExchangeAsync(server.Port, hello.ToRecord()));
        Assert.Equal(ConnectionOutcome.NotTls, record.Outcome);
        Assert.Equal("malformed-client-hello", record.Reason);
        Assert.Contains($"exceeds the limit of {RecordAssembler.MaxHelloLength}", record.Explanation);
    }
}
