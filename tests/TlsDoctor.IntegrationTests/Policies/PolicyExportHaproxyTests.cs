using TlsDoctor.IntegrationTests.Servers;
using TlsDoctor.Policies;

namespace TlsDoctor.IntegrationTests.Policies;

/// <summary>The haproxy export of every AWS ALB/NLB policy of known content, enforced by a real haproxy (see <see cref="PolicyExportServerTests"/>).</summary>
public class PolicyExportHaproxyTests
{
    [Theory]
    [MemberData(nameof(PolicyExportServerTests.DistinctServerConfigurations), MemberType = typeof(PolicyExportServerTests))]
    public async Task Haproxy_with_the_export_enforces_the_policy(string id)
    {
        var policy = PolicyCatalog.Get(id)!;
        var export = PolicyExporter.Export(policy, PolicyExportFormat.Haproxy);
        // The exported global section, as a user would paste it.
        var global = string.Join('\n', export.Text.Split('\n').Where(l => l.StartsWith("    ssl-default-bind-", StringComparison.Ordinal)));
        await using var server = await HaproxyServer.StartAsync([TestCertificates.Rsa, TestCertificates.Ecdsa], "", global);
        await PolicyExportServerTests.AssertEnforcedAsync(policy, server);
    }

}
