using BenchmarkDotNet.Attributes;
using TlsDoctor.Clients;
using TlsDoctor.Negotiation;
using TlsDoctor.Policies;

namespace TlsDoctor.Bench;

/// <summary>Policy catalog and client profile lookups, policy-file parsing, diff and export.</summary>
[MemoryDiagnoser]
public class CatalogBenchmarks
{
    private const string ClbPolicy = """
        {"PolicyDescriptions":[{"PolicyName":"p","PolicyTypeName":"SSLNegotiationPolicyType","PolicyAttributeDescriptions":[
          {"AttributeName":"Protocol-TLSv1.2","AttributeValue":"true"},{"AttributeName":"Server-Defined-Cipher-Order","AttributeValue":"true"},
          {"AttributeName":"ECDHE-ECDSA-AES128-GCM-SHA256","AttributeValue":"true"},{"AttributeName":"ECDHE-RSA-AES128-GCM-SHA256","AttributeValue":"true"},
          {"AttributeName":"ECDHE-RSA-AES256-GCM-SHA384","AttributeValue":"true"},{"AttributeName":"AES128-SHA","AttributeValue":"false"}]}]}
        """;

    private ServerPolicy _from = null!;
    private ServerPolicy _to = null!;

    [GlobalSetup]
    public void Setup()
    {
        _from = PolicyCatalog.Get("ELBSecurityPolicy-2016-08")!;
        _to = PolicyCatalog.Get("ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09")!;
        _ = ClientProfiles.All;
    }

    [Benchmark]
    public PolicyResolution FindPolicyByName() => PolicyCatalog.Find("elbsecuritypolicy-tls13-1-2-2021-06");

    [Benchmark]
    public PolicyResolution FindUnknownPolicyWithSuggestions() => PolicyCatalog.Find("ELBSecurityPolicy-TLS13-1-2-2021-6");

    [Benchmark]
    public ClientProfile? FindClient() => ClientProfiles.Get("Java 7u25");

    [Benchmark]
    public PolicyParseResult ParseClbCustomPolicy() => PolicyDocument.Parse(ClbPolicy, "bench", "p");

    [Benchmark]
    public PolicyDifference Diff() => PolicyDiff.Compare(_from, _to);

    [Benchmark]
    public PolicyExport ExportNginx() => PolicyExporter.Export(_to, PolicyExportFormat.Nginx);
}
