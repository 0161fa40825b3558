using System.Net;
using System.Net.Sockets;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using TlsDoctor.Diagnosis;
using TlsDoctor.Emulator;
using TlsDoctor.Policies;
using TlsDoctor.Registry;
using TlsDoctor.Wire;
using HandshakeType = TlsDoctor.Wire.HandshakeType;
using ClientHello = TlsDoctor.Wire.ClientHello;
using ServerHello = TlsDoctor.Wire.ServerHello;
using CertificateRequest = Org.BouncyCastle.Tls.CertificateRequest;
using ProtocolVersion = Org.BouncyCastle.Tls.ProtocolVersion;
using TlsVersion = TlsDoctor.Registry.TlsVersion;

namespace TlsDoctor.IntegrationTests.Emulator;

/// <summary>
/// The ECDHE-MLKEM hybrid groups of the post-quantum policies, negotiated with real key exchange: a hybrid key share
/// is answered with the server's hybrid share (lengths per data/registry/groups.csv, i.e. draft-ietf-tls-ecdhe-mlkem),
/// a client that offers a hybrid group without a share gets a HelloRetryRequest for the policy's first group, a
/// client offering only a hybrid group completes the handshake, and the scanner reports the policy's groups.
/// </summary>
public sealed class HybridGroupTests : IAsyncLifetime
{
    private const ushort X25519MLKEM768 = 0x11EC, SecP256r1MLKEM768 = 0x11EB, SecP384r1MLKEM1024 = 0x11ED;
    private static readonly ushort[] Hybrids = [X25519MLKEM768, SecP256r1MLKEM768, SecP384r1MLKEM1024];
    private readonly RunningEmulator _pq = new() { Policy = PolicyCatalog.Get("ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09")!, HandshakeTimeout = TimeSpan.FromSeconds(5) };

    public async Task InitializeAsync() => await _pq.StartAsync();
    public async Task DisposeAsync() => await _pq.DisposeAsync();

    [Theory]
    [InlineData(X25519MLKEM768)]
    [InlineData(SecP256r1MLKEM768)]
    [InlineData(SecP384r1MLKEM1024)]
    public async Task HybridKeyShare_IsAcceptedWithAServerShareOfTheRegistryLength(ushort group)
    {
        Assert.Contains(group, _pq.Policy.Groups!);
        var hello = await SendAsync(_pq.Port, Tls13Hello(groups: [group], keyShares: [group]));
        Assert.False(hello.IsHelloRetryRequest);
        Assert.Equal(TlsVersion.Tls13, hello.SelectedVersion);
        Assert.Equal(group, hello.SelectedGroup);
        Assert.Equal(Groups.Find(group)!.ServerShareLength, hello.KeyShare!.Value.KeyExchange.Length);
    }

    [Fact]
    public async Task HybridOfferedWithoutShare_GetsAHelloRetryRequestForThePolicysFirstGroup()
    {
        // The client supports all three hybrids (in reverse of the policy's order) but sends no key share at all.
        var hello = await SendAsync(_pq.Port, Tls13Hello(groups: Hybrids.Reverse().ToArray(), keyShares: []));
        Assert.True(hello.IsHelloRetryRequest);
        Assert.Equal(_pq.Policy.Groups![0], hello.SelectedGroup);
    }

    // Ground truth for the next two: s2n-tls, ELB's TLS library (tls/extensions/s2n_client_key_share.c): a usable share
    // the client sent is taken rather than asking for another (a hybrid share over a classical one); a retry only
    // when no share is usable.
    [Fact]
    public async Task ClassicalShareWithHybridSupported_IsTakenWithoutARetry()
    {
        var hello = await SendAsync(_pq.Port, Tls13Hello(groups: [X25519MLKEM768, 0x001D], keyShares: [0x001D]));
        Assert.False(hello.IsHelloRetryRequest);
        Assert.Equal((ushort)0x001D, hello.SelectedGroup);
    }

    [Fact]
    public async Task HybridShareBesideAClassicalOne_WinsEvenWhenListedSecond()
    {
        var hello = await SendAsync(_pq.Port, Tls13Hello(groups: [0x001D, SecP256r1MLKEM768], keyShares: [0x001D, SecP256r1MLKEM768]));
        Assert.False(hello.IsHelloRetryRequest);
        Assert.Equal(SecP256r1MLKEM768, hello.SelectedGroup);
        Assert.Equal(Groups.Find(SecP256r1MLKEM768)!.ServerShareLength, hello.KeyShare!.Value.KeyExchange.Length);
    }

    [Fact]
    public async Task HybridOnlyClient_CompletesTheHandshake()
    {
        // A full TLS 1.3 handshake (Finished messages verified on both sides) by BouncyCastle's client engine,
        // offering X25519MLKEM768 and nothing else.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _pq.Port);
        tcp.ReceiveTimeout = tcp.SendTimeout = 5000;
        var client = new HybridOnlyClient(new BcTlsCrypto(new SecureRandom()), X25519MLKEM768);
        var protocol = new TlsClientProtocol(tcp.GetStream());
        protocol.Connect(client);
        Assert.Equal(X25519MLKEM768, client.NegotiatedGroup);
        Assert.Equal(ProtocolVersion.TLSv13, client.NegotiatedVersion);
        protocol.Close();
    }

    [Fact]
    public async Task PolicyFileWithPureMlKem_IsServedWithThatGroup()
    {
        const ushort mlkem768 = 0x0201;
        var policy = RunningEmulator.MakePolicy("mlkem-only", [TlsVersion.Tls13], "TLS_AES_128_GCM_SHA256") with { Groups = [mlkem768] };
        await using var server = await new RunningEmulator { Policy = policy }.StartAsync();
        var hello = await SendAsync(server.Port, Tls13Hello(groups: [mlkem768, 0x001D], keyShares: [mlkem768]));
        Assert.Equal(mlkem768, hello.SelectedGroup);
        Assert.Equal(Groups.Find(mlkem768)!.ServerShareLength, hello.KeyShare!.Value.KeyExchange.Length);
    }

    [Fact]
    public async Task ClassicalPolicy_RefusesAHybridOnlyClient()
    {
        await using var classical = await new RunningEmulator { Policy = PolicyCatalog.Get("ELBSecurityPolicy-TLS13-1-2-Res-2021-06")! }.StartAsync();
        Assert.DoesNotContain(X25519MLKEM768, classical.Emulator.Engine.Groups);
        var answer = await ReceiveAsync(classical.Port, Tls13Hello(groups: [X25519MLKEM768], keyShares: [X25519MLKEM768]));
        Assert.NotNull(answer.FirstAlert);
        Assert.Null(answer.FindHandshake(HandshakeType.ServerHello));
    }

    [Fact]
    public async Task Scan_ReportsThePolicysGroupsIncludingHybrids()
    {
        var survey = await new ScanSurvey().SurveyAsync("127.0.0.1", _pq.Port, null, CancellationToken.None);
        Assert.True(survey.Observation is not null, survey.Failure);
        var groups = survey.Observation!.Groups!;
        Assert.Equal(_pq.Policy.Groups!.Order(), groups.Order());
    }

    private static ClientHello Tls13Hello(ushort[] groups, ushort[] keyShares) => new ClientHelloBuilder
    {
        Versions = [TlsVersion.Tls13],
        CipherSuites = [0x1301, 0x1302, 0x1303],
        Groups = groups,
        KeyShareGroups = keyShares,
        SignatureAlgorithms = ClientHelloBuilder.DefaultSignatureAlgorithms.ToList(),
    }.Build();

    private static async Task<ServerHello> SendAsync(int port, ClientHello hello)
    {
        var read = await ReceiveAsync(port, hello);
        var message = read.FindHandshake(HandshakeType.ServerHello);
        Assert.True(message is not null, $"no ServerHello: {read.FirstAlert}");
        Assert.True(ServerHello.Decode(message!.Value.Bytes).TryGetValue(out var serverHello, out var error), error?.ToString());
        return serverHello!;
    }

    private static async Task<RecordReadResult> ReceiveAsync(int port, ClientHello hello)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
        await socket.SendAsync(hello.ToRecord(), SocketFlags.None, timeout.Token);
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            int n;
            try { n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token); }
            catch (SocketException) { break; }
            if (n == 0) break;
            received.Write(buffer, 0, n);
            var read = RecordLayerReader.Read(received.ToArray());
            if (read.FindHandshake(HandshakeType.ServerHello) is not null || read.FirstAlert is not null) return read;
        }
        return RecordLayerReader.Read(received.ToArray());
    }

    private sealed class HybridOnlyClient(TlsCrypto crypto, int group) : DefaultTlsClient(crypto)
    {
        public int? NegotiatedGroup { get; private set; }
        public ProtocolVersion? NegotiatedVersion { get; private set; }

        protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.TLSv13.Only();
        protected override IList<int> GetSupportedGroups(IList<int> namedGroupRoles) => [group];
        public override IList<int> GetEarlyKeyShareGroups() => [group];
        public override TlsAuthentication GetAuthentication() => new AcceptAnyCertificate();

        public override void NotifyHandshakeComplete()
        {
            base.NotifyHandshakeComplete();
            NegotiatedGroup = m_context.SecurityParameters.NegotiatedGroup;
            NegotiatedVersion = m_context.ServerVersion;
        }

        // The emulator's certificate is generated per run; this test is about key exchange, not trust.
        private sealed class AcceptAnyCertificate : TlsAuthentication
        {
            public void NotifyServerCertificate(TlsServerCertificate serverCertificate) { }
            public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) => null!;
        }
    }
}
