using System.Net;
using TlsDoctor.Scanning;

namespace TlsDoctor.Tests.Scanning;

/// <summary>One endpoint's connection limit, shared by the scans of it, kept while a connection of it is still being closed.</summary>
public sealed class EndpointBudgetsTests
{
    private static readonly IPEndPoint A = new(IPAddress.Loopback, 1000), B = new(IPAddress.Loopback, 1001);

    [Fact]
    public void Scans_of_one_endpoint_share_its_slots_and_other_endpoints_have_their_own()
    {
        var budgets = new EndpointBudgets(2);
        var first = budgets.Enter(A);
        Assert.Same(first, budgets.Enter(new IPEndPoint(IPAddress.Loopback, 1000)));
        Assert.NotSame(first, budgets.Enter(B));
        Assert.Equal(2, first.CurrentCount);
    }

    [Fact]
    public void An_endpoint_whose_connection_is_still_closing_keeps_its_count_and_is_forgotten_once_all_slots_are_back()
    {
        var budgets = new EndpointBudgets(2);
        var slots = budgets.Enter(A);
        // A connection opened ahead, closed only after its scan has ended.
        Assert.True(slots.Wait(0));
        budgets.Exit(A);
        // A scan that starts meanwhile counts that connection.
        Assert.Same(slots, budgets.Enter(A));
        budgets.Exit(A);
        slots.Release();
        // Nothing is kept for an endpoint with no scan and no connection.
        Assert.NotSame(slots, budgets.Enter(A));
    }
}
