using TlsDoctor.Wire;

namespace TlsDoctor.Tests.Architecture;

/// <summary>The library's folders reference only the layers below them (docs/architecture.md).</summary>
public sealed class LayerTests
{
    private static readonly string CoreAssembly = typeof(ClientHello).Assembly.Location;

    [Fact]
    public void No_lower_layer_references_a_higher_one()
    {
        var check = LayerRules.TlsDoctor.Check(TypeReferenceScanner.Scan(CoreAssembly), "TlsDoctor");
        Assert.True(check.Violations.Count == 0, "layer violations:\n" + string.Join("\n", check.Violations));
    }

    [Fact]
    public void The_scan_sees_the_references_the_layers_are_built_on()
    {
        // Guards against a scan that finds nothing and so passes: these edges exist by design.
        var check = LayerRules.TlsDoctor.Check(TypeReferenceScanner.Scan(CoreAssembly), "TlsDoctor");
        Assert.True(check.Allowed.Count > 100, $"only {check.Allowed.Count} references between layers found");
        Assert.Contains(check.Allowed, e => e.StartsWith("TlsDoctor.Wire.ClientHello (Wire) → TlsDoctor.Registry.", StringComparison.Ordinal));
        Assert.Contains(check.Allowed, e => e.StartsWith("TlsDoctor.Negotiation.Simulator (Negotiation) → TlsDoctor.Registry.", StringComparison.Ordinal));
        Assert.Contains(check.Allowed, e => e.Contains("(Scanning) → TlsDoctor.Wire.", StringComparison.Ordinal));
        Assert.Contains(check.Allowed, e => e.Contains("(Emulator) → TlsDoctor.Negotiation.ServerPolicy", StringComparison.Ordinal));
        Assert.Contains(check.Allowed, e => e.Contains("(Diagnosis) → TlsDoctor.Scanning.", StringComparison.Ordinal));
        Assert.Contains(check.Allowed, e => e.StartsWith("TlsDoctor.Policies.PolicyDocument (Policies) → TlsDoctor.Io.BoundedInput", StringComparison.Ordinal));
    }

    [Fact]
    public void A_known_violation_is_reported_with_both_types()
    {
        // LayerFixture.* in this test assembly: a Wire type that uses a Diagnosis type, an Emulator type that uses a
        // Capture type, a Logs type that uses Aws (allowed), and a folder no rule names.
        var check = LayerRules.TlsDoctor.Check(TypeReferenceScanner.Scan(typeof(LayerTests).Assembly.Location), "LayerFixture");
        Assert.Equal(
            [
                "LayerFixture.Emulator.Relay (Emulator) → LayerFixture.Capture.Listener (Capture): Emulator may not reference Capture",
                "LayerFixture.Unplaced.Helper (Unplaced) → LayerFixture.Registry.Code (Registry): Unplaced is not a layer in the rules",
                "LayerFixture.Wire.Message (Wire) → LayerFixture.Diagnosis.Report (Diagnosis): Wire may not reference Diagnosis",
            ],
            check.Violations);
        Assert.Contains("LayerFixture.Logs.Reader (Logs) → LayerFixture.Aws.Credentials (Aws)", check.Allowed);
        Assert.Contains("LayerFixture.Diagnosis.Report (Diagnosis) → LayerFixture.Registry.Code (Registry)", check.Allowed);
    }

    [Theory]
    [InlineData("Wire", "Registry", true)]
    [InlineData("Registry", "Wire", false)]
    [InlineData("Negotiation", "Policies", false)]
    [InlineData("Scanning", "Capture", false)]
    [InlineData("Logs", "Aws", true)]
    [InlineData("Aws", "Logs", false)]
    [InlineData("Reports", "Diagnosis", true)]
    [InlineData("Diagnosis", "Reports", false)]
    [InlineData("Unknown", "Registry", false)]
    [InlineData("Policies", "Io", true)]
    [InlineData("Emulator", "Io", true)]
    [InlineData("Registry", "Io", false)]
    [InlineData("Io", "Registry", false)]
    [InlineData("Io", "Wire", false)]
    public void Rules(string from, string to, bool allowed) => Assert.Equal(allowed, LayerRules.TlsDoctor.Allows(from, to));
}
