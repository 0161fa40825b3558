namespace TlsDoctor.Reports;

/// <summary>Why a policy is a column of the compatibility grid.</summary>
public enum GridPolicyRole
{
    /// <summary>The endpoint's policy (identified, closest, stated or read from AWS).</summary>
    Current,
    /// <summary>The most secure policy that admits every client.</summary>
    Recommended,
    /// <summary>The accepting policy that changes the current one least.</summary>
    LeastChange,
    /// <summary>Asked for with --policy.</summary>
    Requested,
    /// <summary>Part of the load-balancer family (--all-policies, or simulate --grid --lb).</summary>
    Catalog,
}
