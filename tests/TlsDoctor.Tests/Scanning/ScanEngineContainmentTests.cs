using TlsDoctor.Scanning;

namespace TlsDoctor.Tests.Scanning;

/// <summary>One endpoint's scanner bug must not sink the others of a multi-target run (and must not escape as an exception).</summary>
public class ScanEngineContainmentTests
{
    private sealed class ThrowingProber : IHandshakeProber
    {
        public int Handshakes => 0;
        public Task<ProbeOutcome> ProbeAsync(HelloSpec hello, CancellationToken ct) => throw new InvalidOperationException("probe exploded");
        public Task<Sslv2Outcome> ProbeSslv2Async(CancellationToken ct) => throw new InvalidOperationException("probe exploded");
    }

    [Fact]
    public async Task A_bug_in_one_endpoints_scan_becomes_that_endpoints_internal_error_and_the_others_are_still_reported()
    {
        Assert.True(ScanTarget.TryParse("127.0.0.1:1", out var broken, out _));
        // Over 255 characters: the resolver rejects it before any query leaves the machine (ScanTarget.TryParse refuses it
        // too, so the target is built directly, as a library caller could).
        var longName = string.Join('.', Enumerable.Repeat("label" + new string('x', 50), 5)) + ".invalid";
        var unresolvable = new ScanTarget(longName + ":443", longName, 443, null);
        var engine = new ScanEngine(new ScanOptions { Certificates = false })
        {
            ProberFactory = (_, _, _, _) => new ThrowingProber(),
        };

        var results = new List<ScanResult>();
        await foreach (var r in engine.ScanAsync([broken!, unresolvable], progress: null)) results.Add(r);

        Assert.Equal(2, results.Count);
        var failed = Assert.IsType<ProbeFailure.InternalError>(results.Single(r => r.Target.Host == "127.0.0.1").Failure);
        Assert.Equal(nameof(InvalidOperationException), failed.ExceptionType);
        Assert.Contains("probe exploded", failed.Message);
        Assert.IsType<ProbeFailure.Unresolvable>(results.Single(r => r.Target.Host != "127.0.0.1").Failure);
        Assert.Equal(70, TlsDoctor.Cli.Commands.ScanCommand.ExitFor(results.Single(r => r.Target.Host == "127.0.0.1"), null));
    }
}
