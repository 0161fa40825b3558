using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.IntegrationTests.Emulator;

/// <summary>
/// Three emulators started once for the real-client tests: a modern TLS 1.2/1.3 policy with an RSA certificate,
/// a legacy TLS 1.0–1.2 policy with 3DES, and an ECDSA-only server whose policy also lists an RSA suite.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    /// <summary>Server order: TLS 1.3 suites, then ECDHE-RSA AES-GCM, then RSA key transport.</summary>
    public static readonly ServerPolicy Modern = RunningEmulator.MakePolicy("test-modern", [TlsVersion.Tls12, TlsVersion.Tls13],
        "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
        "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-AES128-GCM-SHA256", "AES128-SHA");

    public static readonly ServerPolicy Legacy = RunningEmulator.MakePolicy("test-legacy", [TlsVersion.Tls10, TlsVersion.Tls11, TlsVersion.Tls12],
        "ECDHE-RSA-AES128-SHA", "AES128-SHA", "DES-CBC3-SHA");

    public static readonly ServerPolicy EcdsaOnly = RunningEmulator.MakePolicy("test-ecdsa", [TlsVersion.Tls12],
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256");

    public RunningEmulator ModernServer { get; private set; } = null!;
    public RunningEmulator LegacyServer { get; private set; } = null!;
    public RunningEmulator EcdsaServer { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ModernServer = await new RunningEmulator { Policy = Modern }.StartAsync();
        LegacyServer = await new RunningEmulator { Policy = Legacy }.StartAsync();
        EcdsaServer = await new RunningEmulator { Policy = EcdsaOnly, CertificateKinds = [CertificateKind.Ecdsa] }.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await ModernServer.DisposeAsync();
        await LegacyServer.DisposeAsync();
        await EcdsaServer.DisposeAsync();
    }
}
