namespace TlsDoctor.Diagnosis;

/// <summary>Where the policy simulated against comes from.</summary>
public enum PolicySourceKind
{
    /// <summary>A scan of the endpoint matched a catalog policy exactly.</summary>
    Identified,
    /// <summary>A scan ran; no catalog policy matches exactly, so the closest one is used and the differences are listed.</summary>
    Closest,
    /// <summary>The caller stated the policy (--policy); no scan.</summary>
    Assumed,
    /// <summary>The listener's security policy as AWS reports it (diagnose --listener); a scan, when made, only checks it.</summary>
    Aws,
}
